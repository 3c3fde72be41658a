import type { MessageState } from '../../store/store.js';
import { page, time } from '../route-schema.js';
import { LIFT } from './lift.js';

/** When the lift of a journeys answer was computed (the lift is kept as the analyses are). */
export const LIFT_COMPUTED_AT = {
  type: 'string',
  format: 'date-time',
  description:
    'When the lift was computed: it is the lift answer kept up to CAIRN_ANALYSIS_MAX_AGE_SECONDS (GET /api/analytics/lift); the run and step counts are read at the request. Absent when that is 0',
};

/** The kept lift's time, and whether it is stale (as KEPT_ANSWER, schemas/analysis.ts). */
export const LIFT_KEPT = {
  liftComputedAt: LIFT_COMPUTED_AT,
  liftStale: {
    type: 'boolean',
    enum: [true],
    description:
      'Present (true) when the request took a kept lift past max age (`Cache-Control: max-stale`): the last lift, sent at once while it is computed anew',
  },
};

/** What the journey routes answer (routes/journeys.ts, user-journeys.ts, messages.ts). */

const runCounts = {
  entered: { type: 'integer' },
  active: { type: 'integer' },
  completed: { type: 'integer' },
  converted: { type: 'integer' },
  exited: { type: 'integer' },
};
const runGroup = {
  type: 'object',
  properties: {
    ...runCounts,
    conversionRate: {
      type: ['number', 'null'],
      description: 'converted / entered (a fraction); null without runs or without a goal',
    },
  },
};

export const JOURNEY_STATS = {
  type: 'object',
  properties: {
    entered: { type: 'integer' },
    runs: {
      type: 'object',
      description: 'Runs by status, both groups together',
      properties: {
        active: { type: 'integer' },
        completed: { type: 'integer' },
        converted: { type: 'integer' },
        exited: { type: 'integer' },
      },
    },
    treated: runGroup,
    heldOut: runGroup,
    lift: LIFT,
  },
};

export const JOURNEY = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    draft: { type: 'boolean' },
    trigger: { type: 'object' },
    priority: { enum: ['low', 'normal', 'high'] },
    holdout: { type: 'number', description: 'Share of entrants held out (0–1)' },
    version: { type: 'string', description: 'Hash of the journey definition; runs keep it' },
    goal: {
      type: ['object', 'null'],
      description: 'What counts as converted, and within how long; null: no conversion is measured',
    },
    stats: JOURNEY_STATS,
    steps: {
      type: 'object',
      description:
        'Step id → runs that `reached` the step, are `at` it now (active, waiting there) and `passed` it',
      additionalProperties: {
        type: 'object',
        properties: {
          reached: { type: 'integer' },
          at: { type: 'integer' },
          passed: { type: 'integer' },
        },
      },
    },
    definition: { type: 'object', description: 'As loaded (durations in milliseconds)' },
  },
};

export const JOURNEY_DETAIL = {
  allOf: [
    JOURNEY,
    {
      type: 'object',
      properties: {
        definitionsVersion: { type: 'string' },
        definition: { type: 'object' },
        ...LIFT_KEPT,
      },
    },
  ],
};

export const RUN = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    journeyId: { type: 'string' },
    version: { type: 'string' },
    status: { enum: ['active', 'completed', 'converted', 'exited'] },
    heldOut: { type: 'boolean' },
    trigger: { type: 'object' },
    enteredAt: time,
    waiting: { type: ['object', 'null'] },
    wakeAt: time,
    goalDeadline: time,
    endedAt: time,
    exitReason: { type: ['string', 'null'] },
    convertedAt: time,
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: time,
          stepId: { type: ['string', 'null'] },
          outcome: { type: 'string' },
          detail: { type: ['string', 'null'] },
        },
      },
    },
  },
};

export const RUN_PAGE = {
  allOf: [page(RUN), { type: 'object', properties: { userId: { type: 'string' } } }],
};

export const MESSAGE_STATES = [
  'queued',
  'deferred',
  'sending',
  'retrying',
  'sent',
  'failed',
  'dead',
  'suppressed',
  'capped',
  'held_out',
] as const satisfies readonly MessageState[];

// A state added to the store must be added here too, or filtering by it would answer 400.
const _everyState: Exclude<MessageState, (typeof MESSAGE_STATES)[number]> extends never
  ? true
  : never = true;

export const MESSAGE_STATE = { enum: [...MESSAGE_STATES] };

export const MESSAGE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    userId: { type: 'string' },
    journeyId: { type: ['string', 'null'] },
    runId: { type: ['string', 'null'] },
    stepId: { type: ['string', 'null'] },
    channel: { type: 'string' },
    template: { type: 'string' },
    topic: { type: ['string', 'null'] },
    transactional: { type: 'boolean' },
    priority: { type: 'string' },
    state: MESSAGE_STATE,
    reason: { type: ['string', 'null'] },
    attempts: { type: 'integer' },
    providerId: { type: ['string', 'null'] },
    dueAt: time,
    createdAt: time,
    updatedAt: time,
    sentAt: time,
  },
};

export const MESSAGE_PAGE = page(MESSAGE);
