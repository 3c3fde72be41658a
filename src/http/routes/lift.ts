import type { FastifyInstance } from 'fastify';
import { LIFT_PARAMS, type runLift } from '../../analytics/lift/run-lift.js';
import { analysesOf } from '../analyses/runner.js';
import { noWorkspace } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { LIFT_ANSWER } from '../schemas/lift.js';
import type { ServerDeps } from '../server.js';
import { acceptedStaleness, answerAnalysis } from '../analysis-answer.js';
import type { AnswerCache, Compute } from '../answer-cache.js';

export const LIFT_PATH = '/api/analytics/lift';

/** How a lift answer is computed from its query, now, over the loaded definitions. */
export function computeLift(deps: ServerDeps): Compute {
  const analyses = analysesOf(deps);
  return async (raw, also) => {
    const loaded = deps.workspace.definitions;
    if (!loaded) throw noWorkspace();
    return analyses.run(LIFT_PATH, raw, loaded.definitions, deps.clock.now(), also);
  };
}

/**
 * Every journey's lift as `GET /api/analytics/lift` answers it without parameters (every
 * journey, every run, up to now), kept as that answer is: what the journey pages show.
 */
export function journeysLift(answers: AnswerCache, deps: ServerDeps, acceptStale?: number) {
  // The lift answer as runLift gives it (computed in a worker, it arrives as that data).
  const compute = computeLift(deps) as (
    ...args: Parameters<Compute>
  ) => Promise<Awaited<ReturnType<typeof runLift>>>;
  return answerAnalysis(answers, LIFT_PATH, {}, compute, { acceptStale });
}

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
  const { workspace } = deps;
  const compute: Compute = computeLift(deps);
  answers.define(LIFT_PATH, compute);

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
      return answerAnalysis(answers, request.routeOptions.url!, request.query, compute, {
        acceptStale: acceptedStaleness(request.headers),
      });
    },
  );
}
