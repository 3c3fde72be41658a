import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../http-error.js';
import { findProfile } from '../find-profile.js';
import { pageRequest } from '../paging.js';
import { presentAccount, presentEvent, presentProfile } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { USER_DETAIL, USER_ID, USER_PAGE } from '../schemas/users.js';
import { USER_FILTER_PARAMS, userFilterFrom } from '../user-filter.js';
import { activityDefinition } from '../../analytics/activity-definition.js';
import { signupEventOf } from '../../analytics/analytics-context.js';
import type { LoadedDefinitions } from '../../definitions/index.js';

const RECENT_EVENTS = 50;

export async function userRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store } = deps;

  /**
   * Search by the start of an id or email, or any part of a name, and/or filter to the users
   * behind a dashboard number (user-filter.ts); paged by cursor.
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
        ok: { description: 'A page of users', schema: USER_PAGE },
      }),
    },
    async (request) => {
      const query = request.query as Record<string, unknown>;
      if (query.query !== undefined && typeof query.query !== 'string') {
        throw badRequest([{ field: 'query', message: 'must be a string' }]);
      }
      const page = await store.searchProfiles({
        ...pageRequest(query),
        query: query.query as string | undefined,
        filter: userFilterFrom(query, notMeaningful(deps.workspace.definitions)),
      });
      return { items: page.items.map(presentProfile), next: page.next };
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
