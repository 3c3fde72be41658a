import type { FastifyInstance } from 'fastify';
import { findProfile } from '../find-profile.js';
import { notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentRun } from '../present-journeys.js';
import { optionalString } from '../query-string.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { RUN_PAGE } from '../schemas/journeys.js';

/**
 * A user's journey runs with their step history, newest entry first, paged by cursor. Runs are
 * read from the store, so this works without definitions and shows runs of removed journeys.
 *
 *   GET /api/users/:id/journeys?journey=&limit=&after=
 *     :id      userId, profile id, or an anonymousId (merged or not)
 *     journey  only the runs of this journey
 */
export async function userJourneyRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store } = deps;

  app.get(
    '/users/:id/journeys',
    {
      schema: routeSchema({
        summary: "The user's journey runs with their step history, newest entry first",
        params: { id: 'userId, profile id or anonymousId' },
        querystring: queryParams({ journey: "only this journey's runs", ...PAGE_PARAMS }),
        ok: { description: 'A page of runs', schema: RUN_PAGE },
        errors: { 404: 'No such user' },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as Record<string, unknown>;
      const journeyId = optionalString(query, 'journey');
      const page = pageRequest(query);
      const profile = await findProfile(store, id);
      if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
      const runs = await store.listRuns({ profileId: profile.id, journeyId }, page);
      return { userId: profile.id, items: runs.items.map(presentRun), next: runs.next };
    },
  );
}
