import type { FastifyInstance } from 'fastify';
import type { RawParams } from '../../analytics/params.js';
import { AUDIT_GROUP_PARAMS, auditMembers } from '../../signals/audit-members.js';
import { SIGNAL_PARAM_HELP } from '../../signals/signal-params.js';
import { SPLIT_PARAMS, signalGroupMembers } from '../../signals/signal-members.js';
import type { SignalsContext } from '../../signals/signals-context.js';
import { answerAnalysis } from '../analysis-answer.js';
import type { AnswerCache } from '../answer-cache.js';
import { badRequest, noWorkspace } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentProfile } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import { optionalChoice, optionalString } from '../query-string.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { COMPUTED_AT } from '../schemas/analysis.js';
import { USER } from '../schemas/users.js';
import type { ServerDeps } from '../server.js';

const MEMBER_PAGE = {
  type: 'object',
  required: ['items', 'next', 'total'],
  properties: {
    items: { type: 'array', items: USER },
    next: { type: ['string', 'null'] },
    total: { type: 'integer', description: 'How many users the group holds (every page)' },
    computedAt: COMPUTED_AT,
  },
};

const help = (signal: 'signal' | 'audit', names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, SIGNAL_PARAM_HELP[signal][name]!]));

/**
 * The users behind the Signals page's numbers: `GET /api/analytics/signal/users` (a group of
 * the 48-hour split) and `GET /api/analytics/audit/users` (an audit row's count in the top or
 * the bottom group). Each list is computed by the analysis's own code (src/signals/
 * signal-members.ts, audit-members.ts) with the analysis's parameters, kept as the analyses are
 * (answer-cache.ts: the whole list, reused while at most max age old) and served a page at a
 * time, ids ascending; the cursor is the last id of the page.
 */
export async function signalUserRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { store, workspace, clock } = deps;
  const context = (): SignalsContext => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    return {
      analytics: store.analytics,
      signals: store.signals,
      definitions: loaded.definitions,
      now: clock.now(),
    };
  };

  app.get(
    '/analytics/signal/users',
    {
      schema: routeSchema({
        summary:
          'The users of one group of the 48-hour split (matched or not), as the signal analysis forms it with the same parameters; paged',
        querystring: queryParams({
          group: 'matched (met the rule within the window) or not_matched',
          ...help('signal', SPLIT_PARAMS),
          ...PAGE_PARAMS,
        }),
        ok: { description: 'A page of the group’s users', schema: MEMBER_PAGE },
        errors: NO_WORKSPACE,
      }),
    },
    async (request) => {
      const query = request.query as Record<string, unknown>;
      const group = required(query, 'group', ['matched', 'not_matched'] as const);
      // Both groups in one answer: the other group's list is then a page read away.
      return membersPage(
        query,
        '/api/analytics/signal/users',
        ['group'],
        async (raw) => {
          const groups = await signalGroupMembers(context(), raw);
          return { groups };
        },
        (list) => list.groups[group],
      );
    },
  );

  app.get(
    '/analytics/audit/users',
    {
      schema: routeSchema({
        summary:
          "The users behind an audit row's count in the top or the bottom group: those holding the row's attribute whom the audit ranks there, with the same parameters; paged",
        querystring: queryParams({
          row: "the row's key, e.g. behavior.Report Created or trait.plan=pro",
          side: 'top or bottom',
          ...help('audit', AUDIT_GROUP_PARAMS),
          ...PAGE_PARAMS,
        }),
        ok: { description: 'A page of the users behind the count', schema: MEMBER_PAGE },
        errors: NO_WORKSPACE,
      }),
    },
    async (request) => {
      const query = request.query as Record<string, unknown>;
      const row = optionalString(query, 'row');
      if (row === undefined) throw badRequest([{ field: 'row', message: 'is required' }]);
      const side = required(query, 'side', ['top', 'bottom'] as const);
      // Every row's groups in one answer: each other count is then a page read away.
      return membersPage(
        query,
        '/api/analytics/audit/users',
        ['row', 'side'],
        (raw) => auditMembers(context(), raw),
        (list) => {
          const held = list.holders[row];
          if (!held)
            throw badRequest([
              { field: 'row', message: `no unit of this audit holds ${JSON.stringify(row)}` },
            ]);
          return held[side].map((i) => list[side][i]!);
        },
      );
    },
  );

  /**
   * The page after the cursor of one list (`pick`, ids ascending) out of the analysis's lists,
   * computed or reused under the analysis's parameters (the query without `own` and paging).
   */
  async function membersPage<T extends object>(
    query: Record<string, unknown>,
    path: string,
    own: readonly string[],
    members: (raw: RawParams) => Promise<T>,
    pick: (lists: T) => string[],
  ) {
    if (!workspace.definitions) throw noWorkspace();
    const { limit, after } = pageRequest(query);
    const params = Object.fromEntries(
      Object.entries(query).filter(([name]) => ![...own, 'limit', 'after'].includes(name)),
    );
    const list = await answerAnalysis(answers, path, params, (raw) => members(raw as RawParams));
    const ids = pick(list);
    const start = after === undefined ? 0 : firstAfter(ids, after);
    const slice = ids.slice(start, start + limit);
    const profiles = await Promise.all(slice.map((id) => store.getProfile(id)));
    return {
      items: profiles.flatMap((p) => (p ? [presentProfile(p)] : [])),
      next: start + limit < ids.length ? slice.at(-1)! : null,
      total: ids.length,
      ...(list.computedAt ? { computedAt: list.computedAt } : {}),
    };
  }
}

function required<T extends string>(
  query: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T {
  const value = optionalChoice(query, field, allowed);
  if (value === undefined)
    throw badRequest([{ field, message: `is required: ${allowed.join(' or ')}` }]);
  return value;
}

/** The index of the first id greater than `after` in ascending `ids`. */
function firstAfter(ids: readonly string[], after: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ids[mid]! <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
