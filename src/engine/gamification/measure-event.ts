import type { JsonObject } from '../../core/types.js';
import { PERIOD_KINDS } from '../../definitions/gamification/periods.js';
import type { GameRun } from './game-run.js';
import { copyMetric, own, type MetricState } from './game-state.js';
import { periodOf } from './local-periods.js';
import { addTo, countDay, emptyMetric, KEPT } from './metric-buckets.js';
import type { PlannedMetric, PlannedPoints } from './game-plan.js';

/** What gamification reads of an event: its counted name, time and properties. */
export interface MeasuredEvent {
  /** `counterName(event)`: the track name, `Viewed <name> Page` for a page call; null for others. */
  name: string | null;
  timestamp: number;
  properties: JsonObject;
}

/**
 * Adds an event to the metrics that measure it, in the period of each kind its time falls in on
 * the subject's wall clock, and pays the point rules it matches (within their caps).
 */
export function measureEvent(run: GameRun, event: MeasuredEvent): void {
  const { plan } = run;
  if (event.name !== null) {
    for (const metric of plan.metricsByEvent.get(event.name) ?? []) measure(run, metric, event);
    for (const metric of plan.anyActivity) measure(run, metric, event);
    for (const rule of plan.pointsByEvent.get(event.name) ?? [])
      if (!rule.matches || rule.matches(event.properties)) pay(run, rule, event.timestamp);
  }
}

function measure(run: GameRun, metric: PlannedMetric, event: MeasuredEvent): void {
  if (metric.matches && !metric.matches(event.properties)) return;
  const definition = metric.definition;
  let delta = 1;
  const state = ownMetric(run, metric.name);
  if (definition.measure === 'sum') {
    const value = metric.read!(event.properties);
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) return;
    delta = number;
  } else if (definition.measure === 'active_days') {
    if (!countDay(state, periodOf(event.timestamp, run.zone, 'day'))) return;
  }
  for (const kind of PERIOD_KINDS)
    addTo(state[kind], periodOf(event.timestamp, run.zone, kind), delta, KEPT[kind]);
}

/** The run's own metric `name`, to change: new, or copied from the stored state on first write. */
function ownMetric(run: GameRun, name: string): MetricState {
  const held = own(run.state.metrics, name);
  if (held === undefined) return (run.state.metrics[name] = emptyMetric());
  if (run.storedMetrics === null || held !== own(run.storedMetrics, name)) return held;
  return (run.state.metrics[name] = copyMetric(held));
}

/** Pays a point rule, within its cap for the period `time` falls in. */
export function pay(run: GameRun, planned: PlannedPoints, time: number): number {
  const { rule, index } = planned;
  let amount = rule.points;
  if (rule.cap) {
    const period = periodOf(time, run.zone, rule.cap.per);
    const key = String(index);
    const held = own(run.state.caps, key);
    const earned = held && held[0] === period ? held[1] : 0;
    amount = Math.max(0, Math.min(amount, rule.cap.max - earned));
    if (amount > 0 || !held || held[0] !== period) run.state.caps[key] = [period, earned + amount];
  }
  run.state.points += amount;
  return amount;
}

/** Pays milestone point rules for milestones reached and not paid yet (each once). */
export function payMilestones(run: GameRun): void {
  for (const planned of run.plan.milestonePoints) {
    const name = planned.rule.milestone!;
    const at = own(run.milestones, name);
    if (at === undefined || run.state.paid.includes(name)) continue;
    run.state.paid.push(name);
    pay(run, planned, at);
  }
}
