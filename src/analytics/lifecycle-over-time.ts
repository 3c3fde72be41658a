import type { StageChangeCountRow } from '../store/analytics-store.js';
import { firstDayOf, periodEnd, periodLabel, periodStart, type PeriodUnit } from './periods.js';

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
 * (lifecycle or engagement), as the store counts them per UTC day: at the end of each period,
 * how many users were in each stage (the last change at or before that moment), and the
 * changes that happened within the period. Each change moves one user from the stage of their
 * previous change (`was`) to its `to`, so the counts at a moment are the sum of those moves
 * before it. Stages and flows are listed in name order.
 */
export function lifecycleOverTime(
  changes: readonly StageChangeCountRow[],
  kind: string,
  unit: PeriodUnit,
  fromPeriod: number,
  toPeriod: number,
  now: number,
): LifecyclePeriod[] {
  const counts = new Map<string, number>();
  const apply = (c: StageChangeCountRow) => {
    if (c.was !== null) counts.set(c.was, (counts.get(c.was) ?? 0) - c.count);
    if (c.to !== null) counts.set(c.to, (counts.get(c.to) ?? 0) + c.count);
  };
  const relevant = changes.filter((c) => c.kind === kind).sort((a, b) => a.day - b.day);
  const out: LifecyclePeriod[] = [];
  let i = 0;
  // Periods are whole UTC days: a change belongs to the period of its day.
  while (i < relevant.length && relevant[i].day < firstDayOf(unit, fromPeriod)) {
    apply(relevant[i]);
    i++;
  }
  for (let p = fromPeriod; p <= toPeriod; p++) {
    const endDay = firstDayOf(unit, p + 1);
    const flows = new Map<string, number>();
    while (i < relevant.length && relevant[i].day < endDay) {
      const c = relevant[i];
      const flow = `${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
      flows.set(flow, (flows.get(flow) ?? 0) + c.count);
      apply(c);
      i++;
    }
    const stages: Record<string, number> = Object.create(null);
    for (const [stage, n] of [...counts].sort(byName)) if (n > 0) stages[stage] = n;
    out.push({
      period: periodLabel(unit, p),
      start: periodStart(unit, p),
      incomplete: periodEnd(unit, p) > now,
      stages,
      flows: Object.assign(Object.create(null), Object.fromEntries([...flows].sort(byName))),
    });
  }
  return out;
}

const byName = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);
