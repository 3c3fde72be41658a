import type { FastifyInstance } from 'fastify';
import { LIFT_PARAMS, runLift } from '../../analytics/lift/run-lift.js';
import { noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { LIFT_ANSWER } from '../schemas/lift.js';
import type { ServerDeps } from '../server.js';
import { answerAnalysis } from '../analysis-answer.js';
import type { AnswerCache } from '../answer-cache.js';

/**
 * `GET /api/analytics/lift`: treated against held-out goal conversion per journey (and per
 * journey × persona with `by`), with intervals, adjusted p-values, the sample-ratio check and a
 * verdict (src/analytics/lift/, docs/lift.md). Unknown or repeated parameters are a 400 naming
 * the field.
 */
export async function liftRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { store, workspace, clock } = deps;

  app.get(
    '/analytics/lift',
    {
      schema: routeSchema({
        summary:
          'Lift per journey (and per journey × persona): intervals, adjusted p-values, sample-ratio check, verdict',
        querystring: queryParams(LIFT_PARAMS),
        ok: { description: 'The lift of each journey, with its method', schema: LIFT_ANSWER },
        errors: NO_WORKSPACE,
      }),
    },
    async (request) => {
      if (!workspace.definitions) throw noWorkspace();
      return answerAnalysis(answers, request.routeOptions.url!, request.query, async (raw) => {
        const loaded = workspace.definitions;
        if (!loaded) throw noWorkspace();
        return runLift({ store, definitions: loaded.definitions, now: clock.now() }, raw);
      });
    },
  );
}
