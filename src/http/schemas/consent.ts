import { time } from '../route-schema.js';

/** The consent routes' body and answers (routes/user-consent.ts) and the dev outbox's entries. */
export const CONSENT_CHANGE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    topic: { type: 'string', description: 'A declared topic' },
    all: { type: 'boolean', description: 'All marketing messages instead of one topic' },
    resubscribe: { type: 'boolean', default: false, description: 'Join instead of leave' },
  },
};

export const CONSENT = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    unsubscribedAll: { type: 'boolean' },
    topics: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          description: { type: ['string', 'null'] },
          default: { enum: ['subscribed', 'unsubscribed'] },
          subscribed: { type: 'boolean' },
        },
      },
    },
    unsubscribedTopics: { type: 'array', items: { type: 'string' } },
    subscribedTopics: { type: 'array', items: { type: 'string' } },
    suppressedChannels: { type: 'array', items: { type: 'string' } },
    updatedAt: time,
  },
};

export const OUTBOX_ENTRY = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    date: time,
    from: { type: 'string' },
    to: { type: 'string' },
    subject: { type: 'string' },
    size: { type: 'integer' },
  },
};
