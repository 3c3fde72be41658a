/**
 * The answer every analysis route gives (analytics, signals): the figures with the range,
 * parameters and definitions they were computed with.
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
    },
  };
}
