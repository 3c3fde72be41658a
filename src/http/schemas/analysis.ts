/** When a cached analysis answer was computed (answer-cache.ts); at most max age before now. */
export const COMPUTED_AT = {
  type: 'string',
  format: 'date-time',
  description:
    'When this answer was computed: answers are reused while at most CAIRN_ANALYSIS_MAX_AGE_SECONDS old (docs/configuration.md). Absent when that is 0: the answer was computed for this request',
};

/** What a kept answer carries (answer-cache.ts): when it was computed, and whether it is stale. */
export const KEPT_ANSWER = {
  computedAt: COMPUTED_AT,
  stale: {
    type: 'boolean',
    enum: [true],
    description:
      'Present (true) when the request took a kept answer past max age (`Cache-Control: max-stale`): this is the last answer, sent at once while it is computed anew; ask again without the header to wait for the new one',
  },
};

/**
 * The answer every analysis route gives (analytics, signals): the figures with the range,
 * parameters and definitions they were computed with, and when.
 */
export function analysisAnswer(metric: string, result: object = { type: 'object' }) {
  return {
    type: 'object',
    required: ['metric', 'asOf', 'range', 'filters', 'definitions', 'result'],
    properties: {
      metric: { const: metric },
      asOf: { type: 'string', format: 'date-time' },
      range: { type: ['object', 'null'] },
      filters: { type: 'object', description: 'The parameters as applied' },
      definitions: { type: 'object', description: 'What each number means, in words' },
      result,
      ...KEPT_ANSWER,
    },
  };
}
