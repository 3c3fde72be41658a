import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Account } from '../../core/types.js';
import { checklistProgress } from '../../inapp/checklist-progress.js';
import { presentProgress } from '../../inapp/present-progress.js';
import { renderInboxMessage } from '../../inapp/inbox-entry.js';
import type { InboxMark } from '../../store/store.js';
import { verifyingSecrets } from '../../keys/secret-ring.js';
import { inappUserId } from '../inapp-auth.js';
import { inappCors } from '../inapp-cors.js';
import { badRequest, HttpError, noWorkspace, notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentChecklist, presentInboxMessage, presentMark } from '../present-inapp.js';
import { optionalChoice } from '../query-string.js';
import type { ServerDeps } from '../server.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import { routeSchema, type RouteDoc } from '../route-schema.js';
import { CHECKLIST, INBOX_MARK, INBOX_PAGE, PROGRESS } from '../schemas/inapp.js';

/** Inbox pages are rendered per request: keep them to what a panel shows. */
const MAX_INBOX_PAGE = 100;

/** Every in-app route: as the signed-in user, by headers or (the widget) query parameters. */
const inappSchema = (doc: Pick<RouteDoc, 'summary' | 'params' | 'querystring' | 'ok'>) =>
  routeSchema({
    ...doc,
    tags: ['in-app'],
    security: [
      { inappUser: [], inappUserHash: [] },
      { inappUserQuery: [], inappUserHashQuery: [] },
    ],
    errors: {
      400: 'Invalid parameter',
      401: 'Missing user, or a hash that is not the user’s',
      403: 'The Origin is not in CAIRN_INAPP_ORIGINS (`origin_not_allowed`)',
      404: 'No such in-app message of this user',
      409: 'No workspace definitions or templates loaded',
    },
  });

const INBOX = inappSchema({
  summary: "The user's delivered in-app messages, newest first, rendered, with the unread count",
  // The user and hash may come as query parameters too (inapp-auth.ts): others are not refused.
  querystring: queryParams(
    {
      limit: {
        ...PAGE_PARAMS.limit,
        maximum: MAX_INBOX_PAGE,
        description: `page size, 1–${MAX_INBOX_PAGE} (default ${PAGE_PARAMS.limit.default})`,
      },
      after: PAGE_PARAMS.after,
      includeDismissed: {
        enum: ['true', 'false'],
        default: 'false',
        description: 'also list dismissed messages',
      },
    },
    'allowed',
  ),
  ok: { description: 'A page of the inbox', schema: INBOX_PAGE },
});

const MARK = Object.fromEntries(
  (['read', 'dismissed'] as const).map((mark) => [
    mark,
    inappSchema({
      summary:
        mark === 'read'
          ? 'Mark a message read (the first time is kept)'
          : 'Dismiss a message (also marks it read); it leaves the inbox listing',
      params: { id: 'the message id, URL-encoded (`<run id>:<step id>:<visit>`)' },
      ok: { description: 'The message marked, with the unread count', schema: INBOX_MARK },
    }),
  ]),
);

const CHECKLIST_ROUTE = inappSchema({
  summary:
    "The onboarding checklist of the user's persona, each milestone done or to do, with progress",
  ok: { description: 'The checklist', schema: CHECKLIST },
});

const PROGRESS_ROUTE = inappSchema({
  summary:
    "The user's gamification: levels with what the next one takes, tiers, streaks, badges, records; and their first account's",
  ok: { description: 'The progress', schema: PROGRESS },
});

/**
 * The end-user in-app API, under /v1/inapp, called from the product's pages (the widget) as the
 * signed-in user: `X-Cairn-User` + `X-Cairn-User-Hash` headers, or `userId` + `userHash` query
 * parameters (inapp-auth.ts). The inbox is the delivery log's delivered in-app messages.
 *
 *   GET  /messages?limit=&after=&includeDismissed=   newest first, rendered, with `unread`
 *   POST /messages/:id/read       POST /messages/:id/dismiss (dismissed is also read)
 *   GET  /checklist               the persona's onboarding checklist with progress
 *   GET  /progress                level and progress, streaks, badges (user and first account)
 */
export async function inappRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;
  app.addHook('onRequest', inappCors(deps.inappOrigins ?? '*'));
  // Unknown paths of this scope answer in the API's error shape, with CORS headers.
  app.setNotFoundHandler(async (request) => {
    throw notFound(`${request.method} ${request.url.split('?')[0]}`);
  });
  // Preflights of this scope are answered by inappCors above; this route keeps them here rather
  // than with the ingest scope's CORS, whose OPTIONS route covers the rest of /v1/*.
  app.options('/*', async (request) => {
    throw notFound(`${request.method} ${request.url.split('?')[0]}`);
  });

  /** The signed-in user's profile (null: not seen yet), following merges. */
  async function userOf(request: FastifyRequest) {
    const userId = inappUserId(
      request,
      verifyingSecrets(deps.workspaceSecret, deps.previousSecrets, deps.clock.now()),
    );
    const profileId = await store.resolveProfileId(userId);
    return { userId, profile: profileId ? await store.getProfile(profileId) : null };
  }

  app.get('/messages', { schema: INBOX }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const { profile } = await userOf(request);
    const definitions = workspace.definitions;
    if (!definitions) throw noWorkspace();
    const templates = deps.templates;
    if (!templates) throw new HttpError(409, 'no_templates', 'no templates loaded');
    const page = pageRequest(query);
    if (page.limit > MAX_INBOX_PAGE)
      throw badRequest([{ field: 'limit', message: `must be at most ${MAX_INBOX_PAGE}` }]);
    const includeDismissed = optionalChoice(query, 'includeDismissed', ['true', 'false']);
    if (!profile) return { items: [], unread: 0, next: null };
    const [inbox, unread, account] = await Promise.all([
      store.listInbox(profile.id, { ...page, includeDismissed: includeDismissed === 'true' }),
      store.countUnread(profile.id),
      firstAccount(profile.accounts),
    ]);
    const recipient = { profile, account, definitions, now: clock.now() };
    const items = inbox.items.flatMap((message) => {
      try {
        return [presentInboxMessage(message, renderInboxMessage(message, recipient, templates))];
      } catch (error) {
        // A template removed or broken since delivery: the message is left out, not the inbox.
        request.log.warn({ err: error, message: message.id }, 'in-app message does not render');
        return [];
      }
    });
    return { items, unread, next: inbox.next };
  });

  for (const mark of ['read', 'dismissed'] as const satisfies readonly InboxMark[]) {
    const verb = mark === 'read' ? 'read' : 'dismiss';
    app.post(`/messages/:id/${verb}`, { schema: MARK[mark] }, async (request) => {
      const { id } = request.params as { id: string };
      const { userId, profile } = await userOf(request);
      const marked = profile
        ? await store.transaction((tx) => tx.markInboxMessage(profile.id, id, mark, clock.now()))
        : null;
      if (!marked || !profile) throw notFound(`in-app message ${JSON.stringify(id)} of ${userId}`);
      return presentMark(marked, await store.countUnread(profile.id));
    });
  }

  app.get('/checklist', { schema: CHECKLIST_ROUTE }, async (request) => {
    const { profile } = await userOf(request);
    const definitions = workspace.definitions;
    if (!definitions) throw noWorkspace();
    return presentChecklist(checklistProgress(definitions.definitions, profile));
  });

  app.get('/progress', { schema: PROGRESS_ROUTE }, async (request) => {
    const { profile } = await userOf(request);
    const definitions = workspace.definitions;
    if (!definitions) throw noWorkspace();
    const account = profile ? await firstAccount(profile.accounts) : null;
    return presentProgress(definitions.definitions, profile, account, clock.now());
  });

  async function firstAccount(ids: string[]): Promise<Account | null> {
    return ids.length ? store.getAccount(ids[0]!) : null;
  }
}
