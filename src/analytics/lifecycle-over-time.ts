import type { StageChangeRow } from '../store/analytics-store.js';
import { periodEnd, periodLabel, periodStart, type PeriodUnit } from './periods.js';

export interface LifecyclePeriod {
  period: string;
  start: number;
  /** The period has not ended: its counts are as of now. */
  incomplete: boolean;
  /** Units per stage at the end of the period (or now), stage → count. */
  stages: Record<string, number>;
  /** Moves during the period: `from → to` → count (`(none)` for a first stage). */
  flows: Record<string, number>;
}

/**
 * Counts per stage over time, from the recorded `Stage Changed` state changes of one kind
 * (lifecycle or engagement): at the end of each period, how many users were in each stage (the
 * last change at or before that moment), and the changes that happened within the period.
 * `changes` must be in time order.
 */
export function lifecycleOverTime(
  changes: readonly StageChangeRow[],
  kind: string,
  unit: PeriodUnit,
  fromPeriod: number,
  toPeriod: number,
  now: number,
): LifecyclePeriod[] {
  const current = new Map<string, string | null>();
  // Units per stage, kept as the changes are applied (not recounted over every unit per period).
  const counts = new Map<string, number>();
  const apply = (c: StageChangeRow) => {
    const was = current.get(c.profileId);
    if (was !== undefined && was !== null) counts.set(was, counts.get(was)! - 1);
    if (c.to !== null) counts.set(c.to, (counts.get(c.to) ?? 0) + 1);
    current.set(c.profileId, c.to);
  };
  const out: LifecyclePeriod[] = [];
  let i = 0;
  const relevant = changes.filter((c) => c.kind === kind);
  const startAt = periodStart(unit, fromPeriod);
  while (i < relevant.length && relevant[i].at < startAt) {
    apply(relevant[i]);
    i++;
  }
  for (let p = fromPeriod; p <= toPeriod; p++) {
    const end = Math.min(periodEnd(unit, p), now + 1);
    const flows: Record<string, number> = Object.create(null);
    while (i < relevant.length && relevant[i].at < end) {
      const c = relevant[i];
      const flow = `${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
      flows[flow] = (flows[flow] ?? 0) + 1;
      apply(c);
      i++;
    }
    const stages: Record<string, number> = Object.create(null);
    for (const [stage, n] of counts) if (n > 0) stages[stage] = n;
    out.push({
      period: periodLabel(unit, p),
      start: periodStart(unit, p),
      incomplete: periodEnd(unit, p) > now,
      stages,
      flows,
    });
  }
  return out;
}
