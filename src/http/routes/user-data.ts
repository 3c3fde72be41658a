import type { FastifyInstance } from 'fastify';
import { eraseUser } from '../../runtime/data-rights/erase-user.js';
import { exportUser } from '../../runtime/data-rights/export-user.js';
import type { ErasureRecord } from '../../store/store.js';
import { findProfile } from '../find-profile.js';
import { notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentMessage, presentRun } from '../present-journeys.js';
import { iso, presentAccount, presentEvent, presentProfile } from '../present.js';
import type { ServerDeps } from '../server.js';

/**
 * Data-subject rights (docs/data-rights.md): export everything held about a user, erase it, and
 * the log of erasures. Admin key only, like every /api route.
 */
export async function userDataRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, clock } = deps;

  /** Everything stored about a user, as one JSON document (an access request). */
  app.get('/users/:id/export', async (request) => {
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
  app.delete('/users/:id', async (request) => {
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
  app.get('/erasures', async (request) => {
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
