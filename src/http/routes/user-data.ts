import type { FastifyInstance } from 'fastify';
import { eraseUser } from '../../runtime/data-rights/erase-user.js';
import { exportUser } from '../../runtime/data-rights/export-user.js';
import type { ErasureRecord } from '../../store/store.js';
import { findProfile } from '../find-profile.js';
import { notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import { presentMessage, presentRun } from '../present-journeys.js';
import { iso, presentAccount, presentEvent, presentProfile } from '../present.js';
import type { ServerDeps } from '../server.js';
import { page, routeSchema } from '../route-schema.js';
import { USER_ID } from '../schemas/users.js';

const ERASURE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    erasedAt: { type: 'string', format: 'date-time' },
    subjectHash: { type: 'string', description: 'sha256 (hex) of the erased profile id' },
    actor: { type: 'string', enum: ['admin-api', 'cli'] },
    rows: {
      type: 'object',
      description: 'Rows deleted, per table',
      additionalProperties: { type: 'integer' },
    },
  },
};

const EXPORT = routeSchema({
  summary:
    'Everything stored about a user as one JSON document: profile, aliases, state, accounts, events, messages, in-app inbox, consent, journey runs',
  params: USER_ID,
  ok: {
    description: 'The export',
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        ['profile', 'state', 'consent'].map((k) => [k, { type: ['object', 'null'] }]),
      ),
    },
  },
  errors: { 404: 'No such user' },
});

const ERASE = routeSchema({
  summary:
    'Erase a user: profile, aliases, events, messages, in-app inbox, journey runs, consent, memberships, timers and dev-outbox copies; their addresses stay suppressed (by hash); the erasure is logged',
  params: USER_ID,
  ok: {
    description: 'Erased',
    schema: {
      ...ERASURE,
      properties: {
        ...ERASURE.properties,
        suppressedAddresses: { type: 'integer' },
        outboxFiles: { type: 'integer' },
      },
    },
  },
  errors: { 404: 'No such user' },
});

const ERASURES = routeSchema({
  summary: 'The erasure log, newest first (no personal data)',
  querystring: queryParams(PAGE_PARAMS),
  ok: { description: 'A page of erasures', schema: page(ERASURE) },
});

/**
 * Data-subject rights (docs/data-rights.md): export everything held about a user, erase it, and
 * the log of erasures. Admin key only, like every /api route.
 */
export async function userDataRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, clock } = deps;

  /** Everything stored about a user, as one JSON document (an access request). */
  app.get('/users/:id/export', { schema: EXPORT }, async (request) => {
    const { id } = request.params as { id: string };
    const profile = await findProfile(store, id);
    const data = profile && (await exportUser(store, profile.id));
    if (!data) throw notFound(`user ${JSON.stringify(id)}`);
    return {
      exportedAt: iso(clock.now()),
      profile: { ...presentProfile(data.profile), activeDays: data.profile.activeDays },
      aliases: data.aliases,
      state: data.profile.state,
      accounts: data.accounts.map(presentAccount),
      events: data.events.map(presentEvent),
      messages: data.messages.map((m) => ({ ...presentMessage(m), payload: m.payload })),
      inbox: data.inbox.map((m) => ({
        id: m.id,
        template: m.template,
        sentAt: iso(m.sentAt),
        readAt: iso(m.readAt),
        dismissedAt: iso(m.dismissedAt),
      })),
      consent: data.consent && {
        unsubscribedAll: data.consent.unsubscribedAll,
        unsubscribedTopics: data.consent.unsubscribedTopics,
        subscribedTopics: data.consent.subscribedTopics,
        suppressedChannels: data.consent.suppressedChannels,
        updatedAt: iso(data.consent.updatedAt),
      },
      runs: data.runs.map(presentRun),
    };
  });

  /** Erases a user (an erasure request); their addresses stay suppressed, by hash. */
  app.delete('/users/:id', { schema: ERASE }, async (request) => {
    const { id } = request.params as { id: string };
    const profile = await findProfile(store, id);
    const erasure =
      profile &&
      (await eraseUser(store, profile.id, {
        clock,
        actor: 'admin-api',
        outboxDir: deps.outboxDir ?? null,
      }));
    if (!erasure) throw notFound(`user ${JSON.stringify(id)}`);
    return {
      ...presentErasure(erasure.record),
      suppressedAddresses: erasure.suppressed,
      outboxFiles: erasure.files,
    };
  });

  /** The erasure log, newest first: when, by whom, a hash of the user id, what was deleted. */
  app.get('/erasures', { schema: ERASURES }, async (request) => {
    const page = await store.listErasures(pageRequest(request.query as Record<string, unknown>));
    return { items: page.items.map(presentErasure), next: page.next };
  });
}

function presentErasure(record: ErasureRecord) {
  return {
    id: record.id,
    erasedAt: iso(record.erasedAt),
    subjectHash: record.subjectHash,
    actor: record.actor,
    rows: record.rows,
  };
}
