import type { FastifyInstance } from 'fastify';
import { journeyLifts } from '../../analytics/lift/run-lift.js';
import { compiledJourneys } from '../../engine/journeys/index.js';
import { noWorkspace, notFound } from '../http-error.js';
import { presentJourney } from '../present-journeys.js';
import type { ServerDeps } from '../server.js';
import { NO_WORKSPACE, routeSchema } from '../route-schema.js';
import { JOURNEY, JOURNEY_DETAIL } from '../schemas/journeys.js';

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
 *   GET /api/journeys
 *   GET /api/journeys/:id   :id a journey id of cairn.yaml
 */
export async function journeyRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;

  /** Every journey's lift, read together (one family for the multiple-comparison correction). */
  async function lifts(definitions: Parameters<typeof journeyLifts>[0]['definitions']) {
    const now = clock.now();
    const items = await journeyLifts(
      { store, definitions, now },
      { journey: null, persona: null, from: 0, to: now },
    );
    return new Map(items.map((item) => [item.journey, item.lift]));
  }

  app.get('/journeys', { schema: LIST }, async () => {
    const loaded = workspace.definitions;
    if (!loaded) throw noWorkspace();
    const [stats, steps] = await Promise.all([store.journeyStats(), store.journeyStepCounts()]);
    const counts = stepCountsByJourney(steps);
    const lift = await lifts(loaded.definitions);
    return {
      definitionsVersion: loaded.version,
      items: [...compiledJourneys(loaded).values()].map((j) => ({
        ...presentJourney(j.id, j.definition, j.version, stats[j.id], lift.get(j.id)!),
        steps: counts.get(j.id) ?? Object.create(null),
        definition: j.definition,
      })),
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
    const [stats, steps] = await Promise.all([store.journeyStats(), store.journeyStepCounts()]);
    const lift = await lifts(loaded.definitions);
    return {
      ...presentJourney(journey.id, journey.definition, journey.version, stats[id], lift.get(id)!),
      steps: stepCountsByJourney(steps).get(id) ?? Object.create(null),
      definitionsVersion: loaded.version,
      definition: journey.definition,
    };
  });
}
