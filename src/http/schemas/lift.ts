import { KEPT_ANSWER } from './analysis.js';

/** Schemas of the lift routes (routes/lift.ts) and the journey routes' lift object. */
const number = { type: ['number', 'null'] };
const group = {
  type: 'object',
  properties: {
    users: { type: 'integer', description: 'Users read (goal window closed)' },
    converted: { type: 'integer' },
    rate: { ...number, description: 'converted / users; null with no user' },
    low: { ...number, description: 'Wilson 95 % interval' },
    high: number,
  },
};

/** The lift object (src/analytics/lift/lift-reading.ts), shared by the journey routes. */
export const LIFT = {
  type: 'object',
  description:
    'Treated against held-out goal conversion: users counted once (first run in the range), read when their goal window has closed. Method: docs/lift.md',
  properties: {
    absolute: { ...number, description: 'Treated rate − held-out rate' },
    low: { ...number, description: '95 % interval of absolute (Newcombe hybrid score)' },
    high: number,
    relative: { ...number, description: 'Treated rate ÷ held-out rate − 1' },
    relativeLow: { ...number, description: '95 % interval of relative (log risk ratio, Katz)' },
    relativeHigh: number,
    pValue: { ...number, description: 'Two-sided pooled two-proportion z-test' },
    adjustedPValue: {
      ...number,
      description: 'Benjamini–Hochberg over the comparisons read together',
    },
    comparisons: { type: 'integer' },
    verdict: {
      enum: [
        'better',
        'worse',
        'no_difference_detected',
        'too_small',
        'srm',
        'no_goal',
        'no_holdout',
      ],
    },
    note: { type: ['string', 'null'] },
    treated: group,
    heldOut: group,
    pending: {
      type: 'object',
      description: 'Users still inside their goal window, per group',
      properties: { treated: { type: 'integer' }, heldOut: { type: 'integer' } },
    },
    srm: {
      type: 'object',
      description: 'Sample-ratio check: χ² goodness of fit, mismatch at p < 0.001',
      properties: {
        declaredShare: { type: 'number' },
        observedShare: number,
        chiSquare: number,
        pValue: number,
        mismatch: { type: 'boolean' },
      },
    },
    minimum: {
      type: 'object',
      properties: {
        usersPerGroup: { type: 'integer' },
        conversions: { type: 'integer' },
        nonConversions: { type: 'integer' },
      },
    },
  },
};

/** `GET /api/analytics/lift`'s answer. */
export const LIFT_ANSWER = {
  type: 'object',
  required: ['metric', 'asOf', 'range', 'filters', 'definitions', 'result'],
  properties: {
    ...KEPT_ANSWER,
    metric: { const: 'lift' },
    asOf: { type: 'string', format: 'date-time' },
    range: { type: 'object' },
    filters: { type: 'object', description: 'The parameters as applied' },
    definitions: { type: 'object', description: 'The method, in words' },
    result: {
      type: 'object',
      properties: {
        comparisons: { type: 'integer' },
        alpha: { type: 'number' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              journey: { type: 'string' },
              name: { type: ['string', 'null'] },
              holdout: { type: 'number' },
              goal: { type: ['object', 'null'] },
              lift: LIFT,
              personas: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { persona: { type: 'string' }, lift: LIFT },
                },
              },
            },
          },
        },
      },
    },
  },
};
