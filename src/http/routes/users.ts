import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../http-error.js';
import { findProfile } from '../find-profile.js';
import { pageRequest } from '../paging.js';
import { acceptedStaleness, answerAnalysis } from '../analysis-answer.js';
import type { AnswerCache } from '../answer-cache.js';
import { presentAccount, presentEvent, presentProfile } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { USER_DETAIL, USER_ID, USER_PAGE } from '../schemas/users.js';
import { KEPT_ANSWER } from '../schemas/analysis.js';
import { USER_FILTER_PARAMS, userFilterFrom } from '../user-filter.js';
import { activityDefinition } from '../../analytics/activity-definition.js';
import { signupEventOf } from '../../analytics/analytics-context.js';
import type { LoadedDefinitions } from '../../definitions/index.js';

const RECENT_EVENTS = 50;

export async function userRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { store } = deps;

  /**
   * Search by the start of an id or email, or any part of a name, and/or filter to the users
   * behind a dashboard number (user-filter.ts); paged by cursor.
   *
   * A filtered page is kept as the analyses' answers are (answer-cache.ts: reused while at most
   * max age old, with `computedAt`): a filter on the profiles' state (activation, milestones,
   * persona) reads every profile when few match — a second at 100,000 users — and the page is
   * opened from a number the dashboard keeps for a minute anyway. It is not recomputed ahead
   * (many pages, each looked at once or twice): one past max age is read again at its request.
   * A search without a filter is an indexed read, done each time.
   */
  app.get(
    '/users',
    {
      schema: routeSchema({
        summary:
          'Search users by the start of an id or email, or part of a name, or filter them (segment, persona, milestones, activation, signup and activity ranges)',
        querystring: queryParams({
          query: 'the start of an id or email, or part of a name',
          ...USER_FILTER_PARAMS,
          ...PAGE_PARAMS,
        }),
        ok: {
          description: 'A page of users (filtered: with when it was computed)',
          schema: {
            ...USER_PAGE,
            properties: { ...USER_PAGE.properties, ...KEPT_ANSWER },
          },
        },
      }),
    },
    async (request) => {
      const query = request.query as Record<string, unknown>;
      if (query.query !== undefined && typeof query.query !== 'string') {
        throw badRequest([{ field: 'query', message: 'must be a string' }]);
      }
      const filter = userFilterFrom(query, notMeaningful(deps.workspace.definitions));
      const paging = pageRequest(query);
      const read = async () => {
        const page = await store.searchProfiles({
          ...paging,
          query: query.query as string | undefined,
          filter,
        });
        return { items: page.items.map(presentProfile), next: page.next };
      };
      if (Object.keys(filter).length === 0) return read();
      return answerAnalysis(answers, request.routeOptions.url!, query, read, {
        refreshAhead: false,
        acceptStale: acceptedStaleness(request.headers),
      });
    },
  );

  /** A profile by userId (or by an anonymousId merged into it), its accounts and latest events. */
  app.get(
    '/users/:id',
    {
      schema: routeSchema({
        summary: 'A user profile with accounts and the last 50 events',
        params: USER_ID,
        ok: { description: 'The profile', schema: USER_DETAIL },
        errors: { 404: 'No such user' },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const profile = await findProfile(store, id);
      if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
      const accounts = await Promise.all(profile.accounts.map((a) => store.getAccount(a)));
      const events = await store.recentEvents(profile.id, RECENT_EVENTS);
      return {
        ...presentProfile(profile),
        accounts: accounts.flatMap((a) => (a ? [presentAccount(a)] : [])),
        events: events.map(presentEvent),
      };
    },
  );
}

/** What retention's "meaningful" activity leaves out, for the loaded definitions. */
function notMeaningful(loaded: LoadedDefinitions | null): string[] {
  const def = activityDefinition(null, loaded ? signupEventOf(loaded.definitions) : null);
  return def.kind === 'meaningful' ? def.exclude : [];
}
