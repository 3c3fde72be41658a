import {
  errorResponse,
  idParam,
  json,
  pageParams,
  queryParam,
  ref,
  time,
} from './openapi-helpers.js';

/**
 * The OpenAPI part of the end-user in-app API (routes/inapp.ts) and the widget (routes/widget.ts).
 * The user is a userId with its hash, in headers or (as the widget sends them) in the query.
 */
export const inappSecuritySchemes = {
  inappUser: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Cairn-User',
    description: "The signed-in user's userId",
  },
  inappUserHash: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Cairn-User-Hash',
    description: 'Hex HMAC-SHA256 of the userId, keyed by the workspace secret (`cairn keys`)',
  },
  inappUserQuery: { type: 'apiKey', in: 'query', name: 'userId' },
  inappUserHashQuery: { type: 'apiKey', in: 'query', name: 'userHash' },
};

const security = [
  { inappUser: [], inappUserHash: [] },
  { inappUserQuery: [], inappUserHashQuery: [] },
];

const inapp = (
  method: 'get' | 'post',
  summary: string,
  schema: object,
  parameters: object[] = [],
) => ({
  [method]: {
    tags: ['in-app'],
    summary,
    security,
    parameters,
    responses: {
      200: { description: 'OK', ...json(schema) },
      400: errorResponse('Invalid parameter'),
      401: errorResponse('Missing user, or a hash that is not the user’s'),
      403: errorResponse('The Origin is not in CAIRN_INAPP_ORIGINS (`origin_not_allowed`)'),
      404: errorResponse('No such in-app message of this user'),
      409: errorResponse('No workspace definitions or templates loaded'),
    },
  },
});

const messageId = idParam('the message id, URL-encoded (`<run id>:<step id>:<visit>`)');

export const inappPaths = {
  '/v1/inapp/messages': inapp(
    'get',
    "The user's delivered in-app messages, newest first, rendered, with the unread count",
    ref('InboxPage'),
    [
      ...pageParams.map((p) =>
        p.name === 'limit'
          ? { ...p, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } }
          : p,
      ),
      queryParam('includeDismissed', 'Also list dismissed messages', {
        enum: ['true', 'false'],
        default: 'false',
      }),
    ],
  ),
  '/v1/inapp/messages/{id}/read': inapp(
    'post',
    'Mark a message read (the first time is kept)',
    ref('InboxMark'),
    [messageId],
  ),
  '/v1/inapp/messages/{id}/dismiss': inapp(
    'post',
    'Dismiss a message (also marks it read); it leaves the inbox listing',
    ref('InboxMark'),
    [messageId],
  ),
  '/v1/inapp/checklist': inapp(
    'get',
    "The onboarding checklist of the user's persona, each milestone done or to do, with progress",
    ref('Checklist'),
  ),
  '/v1/inapp/progress': inapp(
    'get',
    "The user's gamification: levels with what the next one takes, tiers, streaks, badges, records; and their first account's",
    ref('Progress'),
  ),
  '/widget.js': {
    get: {
      tags: ['in-app'],
      summary:
        'The in-app widget script: inbox badge, panel and checklist (include with data-user and data-user-hash)',
      responses: {
        200: {
          description: 'The script (cached 5 minutes, with an ETag)',
          content: { 'text/javascript': { schema: { type: 'string' } } },
        },
        304: { description: 'Not modified (If-None-Match)' },
      },
    },
  },
};

const flags = {
  read: { type: 'boolean' },
  readAt: time,
  dismissed: { type: 'boolean' },
  dismissedAt: time,
};

export const inappSchemas = {
  InboxMessage: {
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
  },
  InboxPage: {
    type: 'object',
    properties: {
      items: { type: 'array', items: ref('InboxMessage') },
      unread: { type: 'integer', description: 'Delivered, neither read nor dismissed' },
      next: { type: ['string', 'null'] },
    },
  },
  InboxMark: {
    type: 'object',
    properties: { id: { type: 'string' }, ...flags, unread: { type: 'integer' } },
  },
  Checklist: {
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
  },
  Progress: {
    type: 'object',
    description: 'See docs/gamification.md for every field',
    properties: {
      user: { type: 'object', description: 'GameProgress of the user' },
      account: {
        type: ['object', 'null'],
        description: "GameProgress of the user's first account, with its id; null: none",
      },
    },
  },
};
