import { page } from '../route-schema.js';

/** Profiles and accounts as the admin API shows them (present.ts). */
export const COUNTER = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    first: { type: 'string', format: 'date-time' },
    last: { type: 'string', format: 'date-time' },
  },
};

export const USER = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    userId: { type: ['string', 'null'] },
    anonymousIds: { type: 'array', items: { type: 'string' } },
    traits: { type: 'object' },
    firstSeen: { type: 'string', format: 'date-time' },
    lastSeen: { type: 'string', format: 'date-time' },
    activeDays: { type: 'integer' },
    counters: { type: 'object', additionalProperties: COUNTER },
    accountIds: { type: 'array', items: { type: 'string' } },
  },
};

export const USER_PAGE = page(USER);

export const ACCOUNT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    traits: { type: 'object' },
    firstSeen: { type: 'string', format: 'date-time' },
    lastSeen: { type: 'string', format: 'date-time' },
    memberCount: { type: 'integer' },
    counters: { type: 'object', additionalProperties: COUNTER },
  },
};

export const USER_DETAIL = {
  allOf: [
    USER,
    {
      type: 'object',
      properties: {
        accounts: { type: 'array', items: ACCOUNT },
        events: { type: 'array', items: { type: 'object' } },
      },
    },
  ],
};

export const ACCOUNT_DETAIL = {
  allOf: [
    ACCOUNT,
    {
      type: 'object',
      properties: {
        members: {
          type: 'object',
          properties: { items: { type: 'array' }, next: { type: ['string', 'null'] } },
        },
      },
    },
  ],
};

/** The path parameter of the routes under /api/users/:id. */
export const USER_ID = { id: 'userId, or an anonymousId merged into the user' };
