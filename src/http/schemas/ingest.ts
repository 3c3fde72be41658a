/**
 * The Segment calls as the ingest routes document them (routes/ingest.ts). They are checked by
 * ingest/validate-event.ts, whose messages name the field; these schemas describe them.
 */
export const SUCCESS = { type: 'object', properties: { success: { type: 'boolean' } } };

const common = {
  userId: { type: ['string', 'number'] },
  anonymousId: { type: ['string', 'number'] },
  messageId: { type: 'string', description: 'Idempotency key: a second call with it is ignored' },
  timestamp: { type: 'string', format: 'date-time' },
  sentAt: { type: 'string', format: 'date-time' },
  context: { type: 'object', description: 'context.groupId attributes the call to an account' },
};

const call = (required: string[], extra: Record<string, object>) => ({
  type: 'object',
  required,
  anyOf: [{ required: ['userId'] }, { required: ['anonymousId'] }],
  properties: { ...common, ...extra },
});

export const CALLS = {
  track: call(['event'], { event: { type: 'string' }, properties: { type: 'object' } }),
  identify: call([], { traits: { type: 'object' } }),
  page: call([], { name: { type: 'string' }, properties: { type: 'object' } }),
  screen: call([], { name: { type: 'string' }, properties: { type: 'object' } }),
  group: call(['groupId'], { groupId: { type: 'string' }, traits: { type: 'object' } }),
  alias: call(['userId', 'previousId'], { previousId: { type: 'string' } }),
};

export const BATCH = {
  type: 'object',
  required: ['batch'],
  properties: {
    batch: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { enum: ['track', 'identify', 'page', 'screen', 'group', 'alias'] },
        },
      },
    },
    sentAt: { type: 'string', format: 'date-time' },
    context: { type: 'object' },
  },
};

/** A batch partly refused: the valid events are stored. */
export const BATCH_REFUSED = {
  type: 'object',
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    stored: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, errors: { type: 'array' } },
      },
    },
  },
};
