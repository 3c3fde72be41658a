import { time } from '../route-schema.js';

/** What the in-app API answers (routes/inapp.ts). */
const flags = {
  read: { type: 'boolean' },
  readAt: time,
  dismissed: { type: 'boolean' },
  dismissedAt: time,
};

export const INBOX_MESSAGE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string', description: 'Plain text' },
    body: { type: 'string', description: 'An HTML fragment; variables escaped' },
    cta: {
      type: ['object', 'null'],
      properties: {
        label: { type: 'string' },
        url: { type: 'string', description: 'http(s) or a /relative path' },
      },
    },
    sentAt: time,
    ...flags,
    journey: { type: ['string', 'null'] },
    template: { type: 'string' },
  },
};

export const INBOX_PAGE = {
  type: 'object',
  properties: {
    items: { type: 'array', items: INBOX_MESSAGE },
    unread: { type: 'integer', description: 'Delivered, neither read nor dismissed' },
    next: { type: ['string', 'null'] },
  },
};

export const INBOX_MARK = {
  type: 'object',
  properties: { id: { type: 'string' }, ...flags, unread: { type: 'integer' } },
};

export const CHECKLIST = {
  type: 'object',
  properties: {
    persona: {
      type: ['string', 'null'],
      description: 'The persona whose list this is; null: the default list',
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          milestone: { type: 'string' },
          label: { type: 'string' },
          description: { type: ['string', 'null'] },
          link: { type: ['string', 'null'] },
          done: { type: 'boolean' },
          doneAt: { ...time, description: 'When the milestone was reached' },
        },
      },
    },
    progress: {
      type: 'object',
      properties: {
        done: { type: 'integer' },
        total: { type: 'integer' },
        percent: { type: 'integer', description: 'Rounded down; 0 for an empty list' },
      },
    },
  },
};

export const PROGRESS = {
  type: 'object',
  description: 'See docs/gamification.md for every field',
  properties: {
    user: { type: 'object', description: 'GameProgress of the user' },
    account: {
      type: ['object', 'null'],
      description: "GameProgress of the user's first account, with its id; null: none",
    },
  },
};
