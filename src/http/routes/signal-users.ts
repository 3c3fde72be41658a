import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditMembers } from '../../signals/audit-members.js';
import { analysesOf } from '../analyses/runner.js';
import { AUDIT_GROUP_PARAMS } from '../../signals/signal-params.js';
import { SIGNAL_PARAM_HELP } from '../../signals/signal-params.js';
import { SPLIT_PARAMS } from '../../signals/signal-members.js';
import { acceptedStaleness, answerAnalysis } from '../analysis-answer.js';
import type { Also, AnswerCache } from '../answer-cache.js';
import { badRequest, noWorkspace } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentAccount, presentProfile } from '../present.js';
import { MEMBER_ROUTES } from '../analysis-members.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import { optionalChoice, optionalString } from '../query-string.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { KEPT_ANSWER } from '../schemas/analysis.js';
import { ACCOUNT, USER } from '../schemas/users.js';
import type { ServerDeps } from '../server.js';

const memberPage = (item: object, what: string) => ({
  type: 'object',
  required: ['items', 'next', 'total'],
  properties: {
    items: { type: 'array', items: item },
    next: { type: ['string', 'null'] },
    total: { type: 'integer', description: `How many ${what} the group holds (every page)` },
    ...KEPT_ANSWER,
  },
});
const MEMBER_PAGE = memberPage(USER, 'users');
const ACCOUNT_PAGE = memberPage(ACCOUNT, 'accounts');

const help = (signal: 'signal' | 'audit', names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, SIGNAL_PARAM_HELP[signal][name]!]));

/**
 * The users behind the Signals page's numbers: `GET /api/analytics/signal/users` (a group of
 * the 48-hour split) and `GET /api/analytics/audit/users` (an audit row's count in the top or
 * the bottom group), and `GET /api/analytics/audit/accounts` (the same for an audit by account).
 * Each list is computed by the analysis's own code (src/signals/signal-members.ts,
 * audit-members.ts) with the analysis's parameters, kept as the analyses are (answer-cache.ts:
 * the whole list, reused while at most max age old) and served a page at a time, ids ascending;
 * the cursor is the last id of the page. The analysis itself keeps these lists when it computes
 * its answer (routes/signals.ts, analysis-members.ts): a click on one of its numbers reads the
 * list it was counted from, computed at the same time.
 */
export async function signalUserRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { store, workspace, clock } = deps;
  const analyses = analysesOf(deps);

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
        request,
        MEMBER_ROUTES.split,
        ['group'],
        (list: { groups: Record<'matched' | 'not_matched', string[]> }) => list.groups[group],
      );
    },
  );

  for (const unit of ['users', 'accounts'] as const) {
    app.get(
      `/analytics/audit/${unit}`,
      {
        schema: routeSchema({
          summary:
            unit === 'users'
              ? "The users behind an audit row's count in the top or the bottom group: those holding the row's attribute whom the audit ranks there, with the same parameters; paged"
              : "The accounts behind an audit by account's row count in the top or the bottom group, with the same parameters (unit=accounts); paged",
          querystring: queryParams({
            row: "the row's key, e.g. behavior.Report Created or trait.plan=pro",
            side: 'top or bottom',
            ...help('audit', AUDIT_GROUP_PARAMS),
            ...PAGE_PARAMS,
          }),
          ok:
            unit === 'users'
              ? { description: 'A page of the users behind the count', schema: MEMBER_PAGE }
              : { description: 'A page of the accounts behind the count', schema: ACCOUNT_PAGE },
          errors: NO_WORKSPACE,
        }),
      },
      async (request) => {
        const query = request.query as Record<string, unknown>;
        const row = optionalString(query, 'row');
        if (row === undefined) throw badRequest([{ field: 'row', message: 'is required' }]);
        const side = required(query, 'side', ['top', 'bottom'] as const);
        const asked = optionalString(query, 'unit') ?? 'users';
        if (asked !== unit)
          throw badRequest([
            {
              field: 'unit',
              message:
                unit === 'users'
                  ? 'users only: the accounts behind an audit by account are at /api/analytics/audit/accounts'
                  : 'accounts only: give unit=accounts (the users are at /api/analytics/audit/users)',
            },
          ]);
        // Every row's groups in one answer: each other count is then a page read away.
        return membersPage(
          request,
          unit === 'users' ? MEMBER_ROUTES.auditUsers : MEMBER_ROUTES.auditAccounts,
          ['row', 'side'],
          (list: AuditMembers) => {
            const held = list.holders[row];
            if (!held)
              throw badRequest([
                { field: 'row', message: `no unit of this audit holds ${JSON.stringify(row)}` },
              ]);
            return held[side].map((i) => list[side][i]!);
          },
          unit,
        );
      },
    );
  }

  /**
   * The page after the cursor of one list (`pick`, ids ascending) out of the analysis's lists,
   * computed or reused under the analysis's parameters (the query without `own` and paging).
   */
  async function membersPage<T extends object>(
    request: FastifyRequest,
    path: string,
    own: readonly string[],
    pick: (lists: T) => string[],
    unit: 'users' | 'accounts' = 'users',
  ) {
    if (!workspace.definitions) throw noWorkspace();
    const query = request.query as Record<string, unknown>;
    const { limit, after } = pageRequest(query);
    const params = Object.fromEntries(
      Object.entries(query).filter(([name]) => ![...own, 'limit', 'after'].includes(name)),
    );
    const members = (raw: Record<string, string>, also: Also) => {
      const loaded = workspace.definitions;
      if (!loaded) throw noWorkspace();
      return analyses.run(path, raw, loaded.definitions, clock.now(), also) as Promise<T>;
    };
    const list = await answerAnalysis(answers, path, params, members, {
      acceptStale: acceptedStaleness(request.headers),
    });
    const ids = pick(list);
    const start = after === undefined ? 0 : firstAfter(ids, after);
    const slice = ids.slice(start, start + limit);
    const items =
      unit === 'users'
        ? (await Promise.all(slice.map((id) => store.getProfile(id)))).flatMap((p) =>
            p ? [presentProfile(p)] : [],
          )
        : (await Promise.all(slice.map((id) => store.getAccount(id)))).flatMap((a) =>
            a ? [presentAccount(a)] : [],
          );
    return {
      items,
      next: start + limit < ids.length ? slice.at(-1)! : null,
      total: ids.length,
      ...(list.computedAt ? { computedAt: list.computedAt } : {}),
      ...(list.stale ? { stale: true } : {}),
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
