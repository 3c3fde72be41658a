import type { PeriodKind } from '../../definitions/gamification/periods.js';
import type { Bucket, MetricState } from './game-state.js';

/** How many periods of each kind are kept: enough for reports, tiers and peers' comparisons. */
export const KEPT: Record<PeriodKind, number> = { day: 35, week: 14, month: 13, quarter: 8 };
/** Distinct days remembered by active_days metrics (a quarter and a bit). */
export const KEPT_DAYS = 100;

export function emptyMetric(): MetricState {
  return { day: [], week: [], month: [], quarter: [], days: [] };
}

/** The metric's value in a period (0 when nothing was measured, or it is too old to be kept). */
export function valueIn(metric: MetricState | undefined, kind: PeriodKind, period: number): number {
  if (!metric) return 0;
  const buckets = metric[kind];
  // Indexed: this runs several times per metric for every report and progress read, and
  // destructuring each bucket in a for…of costs several times as much.
  if (Array.isArray(buckets)) {
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i]!;
      const at = bucket[0];
      if (at === period) return bucket[1];
      if (at < period) return 0;
    }
    return 0;
  }
  for (const [at, value] of buckets as Bucket[]) {
    if (at === period) return value;
    if (at < period) return 0;
  }
  return 0;
}

/** Adds to a period's value, keeping the list newest first and bounded. */
export function addTo(buckets: Bucket[], period: number, delta: number, kept: number): void {
  let i = 0;
  while (i < buckets.length && buckets[i]![0] > period) i++;
  if (i < buckets.length && buckets[i]![0] === period) {
    buckets[i]![1] += delta;
    return;
  }
  if (i >= kept) return;
  buckets.splice(i, 0, [period, delta]);
  if (buckets.length > kept) buckets.length = kept;
}

/** Records a local day as counted; false when it already was (or is older than those kept). */
export function countDay(metric: MetricState, day: number): boolean {
  const days = metric.days;
  let i = 0;
  while (i < days.length && days[i]! > day) i++;
  if (days[i] === day) return false;
  if (i >= KEPT_DAYS) return false;
  days.splice(i, 0, day);
  if (days.length > KEPT_DAYS) days.length = KEPT_DAYS;
  return true;
}
