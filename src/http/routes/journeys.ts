import type { FastifyInstance, FastifyRequest } from 'fastify';
import { acceptedStaleness } from '../analysis-answer.js';
import { compiledJourneys } from '../../engine/journeys/index.js';
import { noWorkspace, notFound } from '../http-error.js';
import { presentJourney } from '../present-journeys.js';
import type { ServerDeps } from '../server.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { JOURNEY, JOURNEY_DETAIL, LIFT_KEPT } from '../schemas/journeys.js';
import type { AnswerCache } from '../answer-cache.js';
import { journeysLift } from './lift.js';

const LIST = routeSchema({
  summary:
    'Every journey of the loaded definitions with runs by status, treated and held-out conversion, and the lift',
  ok: {
    description: 'The journeys',
    schema: {
      type: 'object',
      properties: {
        definitionsVersion: { type: 'string' },
        items: { type: 'array', items: JOURNEY },
        ...LIFT_KEPT,
      },
    },
  },
  errors: NO_WORKSPACE,
});

const ONE = routeSchema({
  summary:
    'A journey: its definition as loaded (durations in milliseconds), its version and its stats',
  params: { id: 'journey id' },
  ok: { description: 'The journey', schema: JOURNEY_DETAIL },
  errors: { 404: 'No such journey', ...NO_WORKSPACE },
});
import { stepCountsByJourney } from '../present-step-counts.js';

/**
 * The journeys of the loaded definitions with how they do: runs by status, treated against
 * held-out conversion, and the lift. Journeys removed from the definitions are not listed; their
 * runs stay in the store and still show in a user's journeys.
 *
 * Each journey carries `steps`: step id → runs that `reached` the step, are `at` it now, and
 * `passed` it (present-step-counts.ts).
 *
 * The runs by status and the step counts are read at each request (a few indexed reads). The
 * lift reads every entrant (190,000 at 100,000 users: over a second), so it is the lift answer
 * kept as the analyses are (answer-cache.ts: at most max age old, `liftComputedAt`), computed
 * for every journey at once — one family for the multiple-comparison correction, the same
 * figures as `GET /api/analytics/lift` — and shared by the list and each journey's page.
 *
 *   GET /api/journeys
 *   GET /api/journeys/:id   :id a journey id of cairn.yaml
 */
export async function journeyRoutes(
  app: FastifyInstance,
  { deps, answers }: { deps: ServerDeps; answers: AnswerCache },
) {
  const { store, workspace } = deps;

  /** Every journey's lift, read together, when it was computed (absent: just now) and whether
   * it is a kept answer past max age being renewed (the asker sent `Cache-Control: max-stale`). */
  async function lifts(request: FastifyRequest) {
    const answer = await journeysLift(answers, deps, acceptedStaleness(request.headers));
    return {
      byJourney: new Map(answer.result.items.map((item) => [item.journey, item.lift])),
      ...(answer.computedAt ? { liftComputedAt: answer.computedAt } : {}),
      ...(answer.stale ? { liftStale: true } : {}),
    };
  }

  app.get('/journeys', { schema: LIST }, async (request) => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const [stats, steps, { byJourney, ...liftAt }] = await Promise.all([
      store.journeyStats(),
      store.journeyStepCounts(),
      lifts(request),
    ]);
    const counts = stepCountsByJourney(steps);
    return {
      definitionsVersion: loaded.version,
      items: [...compiledJourneys(loaded).values()].map((j) => ({
        ...presentJourney(j.id, j.definition, j.version, stats[j.id], byJourney.get(j.id)!),
        steps: counts.get(j.id) ?? Object.create(null),
        definition: j.definition,
      })),
      ...liftAt,
    };
  });

  app.get('/journeys/:id', { schema: ONE }, async (request) => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const { id } = request.params as { id: string };
    // Own keys only: `constructor` is not a journey.
    const journeys = compiledJourneys(loaded);
    const journey = Object.hasOwn(loaded.definitions.journeys, id) ? journeys.get(id) : undefined;
    if (!journey) throw notFound(`journey ${JSON.stringify(id)}`);
    const [stats, steps, { byJourney, ...liftAt }] = await Promise.all([
      store.journeyStats(),
      store.journeyStepCounts(),
      lifts(request),
    ]);
    return {
      ...presentJourney(
        journey.id,
        journey.definition,
        journey.version,
        stats[id],
        byJourney.get(id)!,
      ),
      steps: stepCountsByJourney(steps).get(id) ?? Object.create(null),
      definitionsVersion: loaded.version,
      definition: journey.definition,
      ...liftAt,
    };
  });
}
