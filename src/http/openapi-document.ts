import { USER_FILTER_PARAMS } from './user-filter.js';
import {
  admin,
  errorResponse,
  idParam,
  queryParam,
  json,
  needsWorkspace,
  pageParams,
  ref,
} from './openapi-helpers.js';
import { consentPaths, consentSchemas } from './openapi-consent.js';
import { inappPaths, inappSchemas, inappSecuritySchemes } from './openapi-inapp.js';
import { inboundPaths } from './openapi-inbound.js';
import { analyticsPaths } from './openapi-analytics.js';
import { signalPaths } from './openapi-signals.js';
import { eraseUserOperation, userDataPaths } from './openapi-user-data.js';
import { journeyPaths, journeySchemas } from './openapi-journeys.js';
import { liftPaths, liftSchemas } from './openapi-lift.js';
import { templatePaths, templateSchemas } from './openapi-templates.js';
import { reportPaths } from './openapi-reports.js';

/**
 * The OpenAPI 3.1 description of Cairn's HTTP API, served at `/api/openapi.json`. A test checks
 * that every route the server registers is described here, so the two cannot drift apart.
 */
const ok = { description: 'Committed to the event log', ...json(ref('Success')) };

const ingest = (summary: string, schema: string) => ({
  post: {
    tags: ['ingest'],
    summary,
    security: [{ writeKeyBasic: [] }, { writeKeyBearer: [] }],
    requestBody: { required: true, ...json(ref(schema)) },
    responses: {
      200: ok,
      400: errorResponse('Invalid call: the message names each field at fault'),
      401: errorResponse('Missing or wrong write key'),
      403: errorResponse(
        'The public write key may not send this call (alias, or email/phone without a valid context.userHash); the fields say why. On /v1/batch: every rejected event was refused for the key, the others were stored',
      ),
      408: errorResponse('The request did not arrive within the request timeout'),
      429: errorResponse(
        'Write queue full or rate limit passed: retry after the Retry-After header',
      ),
    },
  },
});

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

export const openapiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Cairn',
    version: '0.1.0',
    description:
      'Segment-compatible ingest (`/v1/*`), the admin API (`/api/*`), the signed links in messages (`/l/*`: unsubscribe, preferences, tracking) and the end-user in-app API with its widget (`/v1/inapp/*`, `/widget.js`). Times are ISO 8601 in UTC.',
  },
  paths: {
    '/v1/track': ingest('Record an action a user performed', 'Track'),
    '/v1/identify': ingest('Tie a user to their traits', 'Identify'),
    '/v1/page': ingest('Record a page view (counted as "Viewed <name> Page")', 'Page'),
    '/v1/screen': ingest('Record a mobile screen view', 'Page'),
    '/v1/group': ingest('Associate a user with an account', 'Group'),
    '/v1/alias': ingest('Merge one identity into another', 'Alias'),
    // analytics.js 2.0's short paths: the same calls under their first letter.
    '/v1/t': ingest('Track, as analytics.js 2.0 posts it', 'Track'),
    '/v1/i': ingest('Identify, as analytics.js 2.0 posts it', 'Identify'),
    '/v1/p': ingest('Page, as analytics.js 2.0 posts it', 'Page'),
    '/v1/s': ingest('Screen, as analytics.js 2.0 posts it', 'Page'),
    '/v1/g': ingest('Group, as analytics.js 2.0 posts it', 'Group'),
    '/v1/a': ingest('Alias, as analytics.js 2.0 posts it', 'Alias'),
    '/v1/b': ingest('Batch, as analytics.js 2.0 posts it in batching mode', 'Batch'),
    '/v1/projects/{writeKey}/settings': {
      get: {
        tags: ['ingest'],
        summary: 'The settings analytics.js 2.0 loads from its cdnURL: deliver to this Cairn',
        parameters: [
          { ...idParam('the write key (the public one a page holds)'), name: 'writeKey' },
        ],
        responses: {
          200: { description: 'analytics.js settings' },
          404: errorResponse('Unknown write key'),
        },
      },
    },
    '/v1/batch': {
      post: {
        ...ingest('Send many calls at once (500 KB at most)', 'Batch').post,
        responses: {
          ...ingest('', 'Batch').post.responses,
          400: errorResponse(
            'Envelope invalid, or some events rejected (the valid ones are stored; see `rejected`)',
          ),
        },
      },
    },
    '/api/health': {
      get: {
        tags: ['admin'],
        summary:
          'Liveness and store reachability (no key needed); `demo` describes a simulated demo history (`serve --demo`), else false',
        responses: { 200: { description: 'OK' }, 503: { description: 'Store unreachable' } },
      },
    },
    '/api/openapi.json': {
      get: { tags: ['admin'], summary: 'This document', responses: { 200: { description: 'OK' } } },
    },
    '/api/users': admin('Search users by id, email or name, or filter them', ref('UserPage'), [
      { name: 'query', in: 'query', schema: { type: 'string' } },
      ...Object.entries(USER_FILTER_PARAMS).map(([name, description]) =>
        queryParam(name, description),
      ),
      ...pageParams,
    ]),
    '/api/users/{id}': {
      ...admin('A user profile with accounts and the last 50 events', ref('UserDetail'), [
        idParam('userId, or an anonymousId merged into the user'),
      ]),
      ...eraseUserOperation,
    },
    ...userDataPaths,
    '/api/users/{id}/state': needsWorkspace(
      admin(
        'Where the user is, and why: milestones, activation and time to first value, personas with history, stages, score, segments',
        { type: 'object' },
        [idParam('userId, or an anonymousId merged into the user')],
      ),
    ),
    ...progressPaths(),
    ...reportPaths(),
    '/api/segments': needsWorkspace(
      admin('Segment definitions with their member counts', { type: 'object' }),
    ),
    '/api/segments/{id}/members': needsWorkspace(
      admin("A page of a segment's members with when they entered", { type: 'object' }, [
        idParam('segment name'),
        ...pageParams,
      ]),
    ),
    ...journeyPaths,
    ...inappPaths,
    ...templatePaths,
    ...consentPaths,
    ...inboundPaths,
    '/api/dead-letters': admin(
      'Events that passed validation but could not be applied (newest first), with the error',
      { type: 'object' },
      pageParams,
    ),
    ...analyticsPaths,
    ...liftPaths,
    ...signalPaths,
    '/api/accounts/{id}': admin('An account with its members', ref('AccountDetail'), [
      idParam('groupId'),
      ...pageParams,
    ]),
  },
  components: {
    securitySchemes: {
      writeKeyBasic: {
        type: 'http',
        scheme: 'basic',
        description:
          'A write key as the user name, empty password: the public key (CAIRN_WRITE_KEY, browsers) or the server key (CAIRN_SERVER_WRITE_KEY, backends: also alias, email and phone)',
      },
      writeKeyBearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'A write key, public or server (see writeKeyBasic)',
      },
      adminKey: { type: 'http', scheme: 'bearer', description: 'CAIRN_ADMIN_KEY' },
      ...inappSecuritySchemes,
    },
    schemas: {
      Success: { type: 'object', properties: { success: { type: 'boolean' } } },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              fields: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { field: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
          rejected: {
            type: 'array',
            items: {
              type: 'object',
              properties: { index: { type: 'integer' }, errors: { type: 'array' } },
            },
          },
        },
      },
      Track: call(['event'], { event: { type: 'string' }, properties: { type: 'object' } }),
      Identify: call([], { traits: { type: 'object' } }),
      Page: call([], { name: { type: 'string' }, properties: { type: 'object' } }),
      Group: call(['groupId'], { groupId: { type: 'string' }, traits: { type: 'object' } }),
      Alias: call(['userId', 'previousId'], { previousId: { type: 'string' } }),
      Batch: {
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
      },
      Counter: {
        type: 'object',
        properties: {
          count: { type: 'integer' },
          first: { type: 'string', format: 'date-time' },
          last: { type: 'string', format: 'date-time' },
        },
      },
      User: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          userId: { type: ['string', 'null'] },
          anonymousIds: { type: 'array', items: { type: 'string' } },
          traits: { type: 'object' },
          firstSeen: { type: 'string', format: 'date-time' },
          lastSeen: { type: 'string', format: 'date-time' },
          activeDays: { type: 'integer' },
          counters: { type: 'object', additionalProperties: ref('Counter') },
          accountIds: { type: 'array', items: { type: 'string' } },
        },
      },
      UserPage: {
        type: 'object',
        properties: {
          items: { type: 'array', items: ref('User') },
          next: { type: ['string', 'null'] },
        },
      },
      UserDetail: {
        allOf: [
          ref('User'),
          {
            type: 'object',
            properties: {
              accounts: { type: 'array', items: ref('Account') },
              events: { type: 'array', items: { type: 'object' } },
            },
          },
        ],
      },
      Account: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          traits: { type: 'object' },
          firstSeen: { type: 'string', format: 'date-time' },
          lastSeen: { type: 'string', format: 'date-time' },
          memberCount: { type: 'integer' },
          counters: { type: 'object', additionalProperties: ref('Counter') },
        },
      },
      ...journeySchemas,
      ...liftSchemas,
      ...inappSchemas,
      ...templateSchemas,
      ...consentSchemas,
      AccountDetail: {
        allOf: [
          ref('Account'),
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
      },
    },
  },
};

/** The progress routes of users and accounts (routes/progress.ts). */
function progressPaths() {
  const params = (what: string) => [
    idParam(what),
    queryParam('period', 'week (default), month or quarter', {
      type: 'string',
      enum: ['week', 'month', 'quarter'],
    }),
    queryParam('at', 'A date in the period (YYYY-MM-DD); default: the last complete one'),
  ];
  const about =
    'Gamification progress with comparisons for a period: metrics vs the period before and vs peers (percentile, average), time saved, recommendations ranked by impact';
  return {
    '/api/users/{id}/progress': needsWorkspace(
      admin(about, { type: 'object' }, params('userId, or an anonymousId merged into the user')),
    ),
    '/api/accounts/{id}/progress': needsWorkspace(
      admin(about, { type: 'object' }, params('account id')),
    ),
  };
}
