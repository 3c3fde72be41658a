import { admin, errorResponse, idParam, json, pageParams } from './openapi-helpers.js';

/** The OpenAPI part of data-subject rights (routes/user-data.ts, docs/data-rights.md). */
const userId = idParam('userId, or an anonymousId merged into the user');

const erasedRows = {
  type: 'object',
  description: 'Rows deleted, per table',
  properties: Object.fromEntries(
    ['profiles', 'aliases', 'events', 'messages', 'runs', 'consents', 'memberships'].map((k) => [
      k,
      { type: 'integer' },
    ]),
  ),
};
const erasure = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    erasedAt: { type: 'string', format: 'date-time' },
    subjectHash: { type: 'string', description: 'sha256 (hex) of the erased profile id' },
    actor: { type: 'string', enum: ['admin-api', 'cli'] },
    rows: erasedRows,
  },
};

/** `DELETE /api/users/{id}`, beside the GET of the same path. */
export const eraseUserOperation = {
  delete: {
    tags: ['admin'],
    summary:
      'Erase a user: profile, aliases, events, messages, in-app inbox, journey runs, consent, memberships, timers and dev-outbox copies; their addresses stay suppressed (by hash); the erasure is logged',
    security: [{ adminKey: [] }],
    parameters: [userId],
    responses: {
      200: {
        description: 'Erased',
        ...json({
          ...erasure,
          properties: {
            ...erasure.properties,
            suppressedAddresses: { type: 'integer' },
            outboxFiles: { type: 'integer' },
          },
        }),
      },
      401: errorResponse('Missing or wrong admin key'),
      404: errorResponse('No such user'),
    },
  },
};

export const userDataPaths = {
  '/api/users/{id}/export': admin(
    'Everything stored about a user as one JSON document: profile, aliases, state, accounts, events, messages, in-app inbox, consent, journey runs',
    { type: 'object' },
    [userId],
  ),
  '/api/erasures': admin(
    'The erasure log, newest first (no personal data)',
    {
      type: 'object',
      properties: { items: { type: 'array', items: erasure }, next: { type: ['string', 'null'] } },
    },
    pageParams,
  ),
};
