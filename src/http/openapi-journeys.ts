import {
  admin,
  adminPost,
  idParam,
  needsWorkspace,
  pageParams,
  queryParam,
  ref,
  time,
} from './openapi-helpers.js';
import { MESSAGE_STATES } from './routes/messages.js';

/** The OpenAPI part of journeys, runs and the delivery log (routes/journeys.ts, …). */
export const journeyPaths = {
  '/api/journeys': needsWorkspace(
    admin(
      'Every journey of the loaded definitions with runs by status, treated and held-out conversion, and the lift',
      {
        type: 'object',
        properties: {
          definitionsVersion: { type: 'string' },
          items: { type: 'array', items: ref('Journey') },
        },
      },
    ),
  ),
  '/api/journeys/{id}': needsWorkspace(
    admin(
      'A journey: its definition as loaded (durations in milliseconds), its version and its stats',
      ref('JourneyDetail'),
      [idParam('journey id')],
    ),
  ),
  '/api/users/{id}/journeys': admin(
    "The user's journey runs with their step history, newest entry first",
    ref('RunPage'),
    [
      idParam('userId, profile id or anonymousId'),
      queryParam('journey', 'Only the runs of this journey'),
      ...pageParams,
    ],
  ),
  '/api/messages': admin('The delivery log, newest first', ref('MessagePage'), [
    queryParam('userId', 'userId, profile id or anonymousId'),
    queryParam('journey', 'journey id'),
    queryParam('state', 'Only messages in this state', ref('MessageState')),
    ...pageParams,
  ]),
  '/api/messages/{id}': admin(
    'One message of the delivery log, with its payload',
    { allOf: [ref('Message'), { type: 'object', properties: { payload: { type: 'object' } } }] },
    [idParam('the message id: `<run id>:<step id>:<visit>`')],
  ),
  '/api/messages/{id}/retry': adminPost({
    summary:
      'Put a dead or failed message back in the queue: delivery takes it again, checking consent, caps and quiet hours anew',
    parameters: [idParam('the message id: `<run id>:<step id>:<visit>`')],
    ok: { description: 'The message, queued again', schema: ref('Message') },
    errors: {
      404: 'No such message',
      409: 'The message is neither dead nor failed, or was cut off mid-send (`not_retryable`)',
    },
  }),
};

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
const page = (item: string) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: ref(item) },
    next: { type: ['string', 'null'] },
  },
});

export const journeySchemas = {
  JourneyStats: {
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
      lift: ref('Lift'),
    },
  },
  Journey: {
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
        description:
          'What counts as converted, and within how long; null: no conversion is measured',
      },
      stats: ref('JourneyStats'),
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
  },
  JourneyDetail: {
    allOf: [
      ref('Journey'),
      {
        type: 'object',
        properties: { definitionsVersion: { type: 'string' }, definition: { type: 'object' } },
      },
    ],
  },
  Run: {
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
  },
  RunPage: {
    allOf: [page('Run'), { type: 'object', properties: { userId: { type: 'string' } } }],
  },
  MessageState: { enum: [...MESSAGE_STATES] },
  Message: {
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
      state: ref('MessageState'),
      reason: { type: ['string', 'null'] },
      attempts: { type: 'integer' },
      providerId: { type: ['string', 'null'] },
      dueAt: time,
      createdAt: time,
      updatedAt: time,
      sentAt: time,
    },
  },
  MessagePage: page('Message'),
};
