import type { JsonObject } from '../../core/types.js';
import type { Comparison } from '../../definitions/comparison.js';
import type { BadgeDefinition } from '../../definitions/gamification/badges.js';
import type { Ladder } from '../../definitions/gamification/levels.js';
import type { MetricDefinition } from '../../definitions/gamification/metrics.js';
import type { Unit } from '../../definitions/gamification/periods.js';
import type { PointRule } from '../../definitions/gamification/points.js';
import type { RecordDefinition } from '../../definitions/gamification/records.js';
import type { StreakDefinition } from '../../definitions/gamification/streaks.js';
import type { TierDefinition } from '../../definitions/gamification/tiers.js';
import type { Definitions } from '../../definitions/schema.js';
import { compileRule, type CompiledRule } from '../state/compile-rule.js';
import { compilePath, compileTest } from '../state/value-test.js';

/** What gamification derives once per definitions: lookups by event name and by unit. */
export interface GamePlan {
  definitions: Definitions;
  /** Whether there is anything to keep at all (no section: no `game` state is written). */
  active: boolean;
  metrics: PlannedMetric[];
  /** Counted event name → metrics measuring it. */
  metricsByEvent: Map<string, PlannedMetric[]>;
  /** active_days metrics with no event: every track, page or screen call counts. */
  anyActivity: PlannedMetric[];
  pointsByEvent: Map<string, PlannedPoints[]>;
  milestonePoints: PlannedPoints[];
  units: Record<Unit, UnitPlan>;
}

export interface UnitPlan {
  ladders: [string, Ladder][];
  tiers: [string, TierDefinition][];
  badges: PlannedBadge[];
  streaks: [string, StreakDefinition][];
  records: [string, RecordDefinition][];
}

export interface PlannedMetric {
  name: string;
  definition: MetricDefinition;
  matches: ((properties: JsonObject) => boolean) | null;
  /** measure: sum — reads the summed property. */
  read: ((properties: JsonObject) => unknown) | null;
}

export interface PlannedPoints {
  index: number;
  rule: PointRule;
  matches: ((properties: JsonObject) => boolean) | null;
}

export interface PlannedBadge {
  name: string;
  definition: BadgeDefinition;
  /** The badge's rule, compiled as journeys compile theirs (users only). */
  rule: CompiledRule | null;
}

const plans = new WeakMap<Definitions, GamePlan>();

export function gamePlan(definitions: Definitions): GamePlan {
  let plan = plans.get(definitions);
  if (!plan) plans.set(definitions, (plan = buildPlan(definitions)));
  return plan;
}

function buildPlan(definitions: Definitions): GamePlan {
  const metrics = Object.entries(definitions.metrics ?? {}).map(
    ([name, definition]): PlannedMetric => ({
      name,
      definition,
      matches: definition.where ? compileFilter(definition.where) : null,
      read: definition.property ? compilePath(definition.property) : null,
    }),
  );
  const metricsByEvent = new Map<string, PlannedMetric[]>();
  const anyActivity: PlannedMetric[] = [];
  for (const metric of metrics) {
    if (!metric.definition.event) anyActivity.push(metric);
    for (const event of metric.definition.event ?? [])
      metricsByEvent.set(event, [...(metricsByEvent.get(event) ?? []), metric]);
  }
  const pointsByEvent = new Map<string, PlannedPoints[]>();
  const milestonePoints: PlannedPoints[] = [];
  (definitions.points ?? []).forEach((rule, index) => {
    const planned = { index, rule, matches: rule.where ? compileFilter(rule.where) : null };
    if (rule.milestone) milestonePoints.push(planned);
    else pointsByEvent.set(rule.event!, [...(pointsByEvent.get(rule.event!) ?? []), planned]);
  });
  const unitPlan = (unit: Unit): UnitPlan => ({
    ladders: Object.entries(definitions.levels ?? {}).filter(([, d]) => d.for === unit),
    tiers: Object.entries(definitions.tiers ?? {}).filter(([, d]) => d.for === unit),
    badges: Object.entries(definitions.badges ?? {})
      .filter(([, d]) => d.for === unit)
      .map(([name, definition]) => ({
        name,
        definition,
        rule: definition.when ? compileRule(definition.when) : null,
      })),
    streaks: Object.entries(definitions.streaks ?? {}).filter(([, d]) => d.for === unit),
    records: Object.entries(definitions.records ?? {}).filter(([, d]) => d.for === unit),
  });
  const units = { user: unitPlan('user'), account: unitPlan('account') };
  return {
    definitions,
    active:
      metrics.length > 0 ||
      (definitions.points ?? []).length > 0 ||
      Object.values(units).some(
        (u) => u.ladders.length + u.tiers.length + u.badges.length + u.streaks.length > 0,
      ),
    metrics,
    metricsByEvent,
    anyActivity,
    pointsByEvent,
    milestonePoints,
    units,
  };
}

function compileFilter(where: Record<string, Comparison>): (properties: JsonObject) => boolean {
  const tests = Object.entries(where).map(
    ([key, test]) => [compilePath(key), compileTest(test)] as const,
  );
  return (properties) => {
    for (const [read, test] of tests) if (!test(read(properties))) return false;
    return true;
  };
}
