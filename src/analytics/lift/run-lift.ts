import type { Definitions } from '../../definitions/index.js';
import type { Store } from '../../store/store.js';
import { AnalyticsInputError } from '../analytics-input-error.js';
import { NO_VALUE, parseDimension, parseTime } from '../dimension.js';
import { countEntrant, emptyArms, type ArmCounts } from './lift-counts.js';
import { adjustLifts, LIFT_ALPHA, liftReading, type Lift } from './lift-reading.js';

/** The parameters of `GET /api/analytics/lift` and `cairn stats lift`. */
export const LIFT_PARAMS: Record<string, string> = {
  journey: 'one journey id of cairn.yaml (default: every journey)',
  by: 'persona.<dimension>: also the lift per persona of that dimension (default: none)',
  from: 'start of the range (ISO date or date-time, UTC): runs entered from then (default: the first run)',
  to: 'end of the range (ISO date or date-time, UTC; a bare date includes that day): runs entered until then (default: now)',
};

export interface LiftContext {
  store: Pick<Store, 'journeyEntrants' | 'analytics'>;
  definitions: Definitions;
  now: number;
}

export interface JourneyLift {
  journey: string;
  name: string | null;
  holdout: number;
  goal: unknown;
  lift: Lift;
  /** With `by`: one cell per persona of the dimension (users without one under `(none)`). */
  personas?: { persona: string; lift: Lift }[];
}

export const LIFT_METHOD = {
  unit: "users: each user's first run of the journey entered in the range",
  reading:
    'fixed horizon per user: a user is read once their goal window has closed; those still inside it are pending',
  absolute: 'treated rate − held-out rate; 95 % interval by Newcombe hybrid score (Wilson)',
  relative: 'treated rate ÷ held-out rate − 1; 95 % interval of the log risk ratio (Katz)',
  pValue: 'two-sided pooled two-proportion z-test',
  multipleComparisons: `Benjamini–Hochberg over every comparison of the answer; better/worse at adjusted p < ${LIFT_ALPHA}`,
  srm: 'χ² goodness of fit of the held-out share (pending users included) to the declared holdout; mismatch at p < 0.001',
};

/** Parses the parameters; throws AnalyticsInputError naming the field. */
export function liftQuery(raw: Readonly<Record<string, string | undefined>>, ctx: LiftContext) {
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !Object.hasOwn(LIFT_PARAMS, name))
      throw new AnalyticsInputError(
        name,
        `unknown parameter for lift; allowed: ${Object.keys(LIFT_PARAMS).join(', ')}`,
      );
  }
  const journeys = ctx.definitions.journeys;
  const journey = raw.journey || null;
  if (journey !== null && !Object.hasOwn(journeys, journey)) {
    throw new AnalyticsInputError(
      'journey',
      `no journey ${JSON.stringify(journey)} in cairn.yaml (journeys: ${Object.keys(journeys).join(', ') || 'none'})`,
    );
  }
  const dimension = parseDimension(raw.by);
  if (dimension.kind !== 'none' && dimension.kind !== 'persona')
    throw new AnalyticsInputError(
      'by',
      `expected persona.<dimension> (got ${JSON.stringify(raw.by)})`,
    );
  const persona = dimension.kind === 'persona' ? dimension.dimension : null;
  if (persona !== null && !Object.hasOwn(ctx.definitions.personas ?? {}, persona)) {
    throw new AnalyticsInputError(
      'by',
      `no persona dimension ${JSON.stringify(persona)} in cairn.yaml (dimensions: ${Object.keys(ctx.definitions.personas ?? {}).join(', ') || 'none'})`,
    );
  }
  // `to` is inclusive (a bare date: that whole day); the store takes [from, to + 1).
  const to = raw.to ? parseTime(raw.to, 'to', true) : ctx.now;
  const from = raw.from ? parseTime(raw.from, 'from') : 0;
  if (from > to) throw new AnalyticsInputError('from', 'must not be after to');
  return { journey, persona, from, to };
}

/**
 * The lift of every journey of the definitions (or one), and per persona with `by`, from the
 * runs the store holds now. Every p-value of the answer is adjusted together.
 */
export async function journeyLifts(
  ctx: LiftContext,
  query: { journey: string | null; persona: string | null; from: number; to: number },
): Promise<JourneyLift[]> {
  const entrants = await ctx.store.journeyEntrants({
    from: query.from,
    to: query.to + 1,
    journeyId: query.journey,
  });
  const personaOf = new Map<string, string>();
  if (query.persona !== null) {
    const users = await ctx.store.analytics.analyticsUsers({
      signupEvent: null,
      conversionEvent: null,
      trait: null,
      accountTrait: null,
    });
    for (const u of users) {
      const p = u.personas[query.persona];
      if (typeof p === 'string') personaOf.set(u.id, p);
    }
  }
  const ids = Object.keys(ctx.definitions.journeys).filter(
    (id) => query.journey === null || id === query.journey,
  );
  const arms = new Map<string, ArmCounts>(ids.map((id) => [id, emptyArms()]));
  const cells = new Map<string, Map<string, ArmCounts>>(ids.map((id) => [id, new Map()]));
  for (const entrant of entrants) {
    const journeyArms = arms.get(entrant.journeyId);
    if (!journeyArms) continue; // a journey since removed from the definitions
    countEntrant(journeyArms, entrant, ctx.now);
    if (query.persona === null) continue;
    const persona = personaOf.get(entrant.userId) ?? NO_VALUE;
    const byPersona = cells.get(entrant.journeyId)!;
    if (!byPersona.has(persona)) byPersona.set(persona, emptyArms());
    countEntrant(byPersona.get(persona)!, entrant, ctx.now);
  }
  // Read every comparison, adjust them together, then put them back in place.
  const readings: Lift[] = [];
  const layout = ids.map((id) => {
    const j = ctx.definitions.journeys[id];
    const counts = (a: ArmCounts) =>
      liftReading({ ...a, share: j.holdout, hasGoal: j.goal !== undefined });
    const at = readings.push(counts(arms.get(id)!)) - 1;
    const personaCells = [...cells.get(id)!.entries()]
      .sort(([a], [b]) => (a === NO_VALUE ? 1 : b === NO_VALUE ? -1 : a < b ? -1 : a > b ? 1 : 0))
      .map(([persona, a]) => ({ persona, at: readings.push(counts(a)) - 1 }));
    return { id, j, at, personaCells };
  });
  const adjusted = adjustLifts(readings);
  return layout.map(({ id, j, at, personaCells }) => ({
    journey: id,
    name: j.name ?? null,
    holdout: j.holdout,
    goal: j.goal ?? null,
    lift: adjusted[at],
    ...(query.persona === null
      ? {}
      : { personas: personaCells.map(({ persona, at: k }) => ({ persona, lift: adjusted[k] })) }),
  }));
}

/** The answer of `GET /api/analytics/lift`, in the shape of the other analytics answers. */
export async function runLift(ctx: LiftContext, raw: Readonly<Record<string, string | undefined>>) {
  const query = liftQuery(raw, ctx);
  const items = await journeyLifts(ctx, query);
  const comparisons = items[0]?.lift.comparisons ?? 0;
  return {
    metric: 'lift',
    asOf: new Date(ctx.now).toISOString(),
    range: { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() },
    filters: {
      journey: query.journey,
      by: query.persona === null ? 'none' : `persona.${query.persona}`,
    },
    definitions: LIFT_METHOD,
    result: { comparisons, alpha: LIFT_ALPHA, items },
  };
}
