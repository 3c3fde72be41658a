import type { FastifyInstance } from 'fastify';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { LIFT_PARAMS, runLift } from '../../analytics/lift/run-lift.js';
import { badRequest, noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';

/**
 * `GET /api/analytics/lift`: treated against held-out goal conversion per journey (and per
 * journey × persona with `by`), with intervals, adjusted p-values, the sample-ratio check and a
 * verdict (src/analytics/lift/, docs/lift.md). Unknown or repeated parameters are a 400 naming
 * the field.
 */
export async function liftRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;

  app.get(
    '/analytics/lift',
    { schema: { querystring: queryParams(LIFT_PARAMS) } },
    async (request) => {
      const loaded = workspace.definitions;
      if (!loaded) throw noWorkspace();
      const raw: Record<string, string> = Object.create(null);
      for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
        if (typeof value !== 'string')
          throw badRequest([{ field: name, message: 'expected one value' }]);
        raw[name] = value;
      }
      try {
        return await runLift({ store, definitions: loaded.definitions, now: clock.now() }, raw);
      } catch (error) {
        if (error instanceof AnalyticsInputError) {
          throw badRequest([
            { field: error.field, message: error.message.slice(error.field.length + 2) },
          ]);
        }
        throw error;
      }
    },
  );
}
