import type { RetentionCountQuery, RetentionCountRow } from './analytics-store.js';

/**
 * One signed-up user as an adapter reads it for retention: cohort day, group (persona or
 * null), whether the cohort day is counted (1/0 or boolean), and the days with activity as
 * days after the cohort day (comma-separated, any order; null: none).
 */
export type RetentionUserRow = [number, string | null, number | boolean, string | null];

const DAY_MS = 86_400_000;

/** The period number of a UTC day, as src/analytics/periods.ts numbers them. */
function periodOfDay(unit: RetentionCountQuery['unit'], day: number): number {
  if (unit === 'day') return day;
  // Day 4 (1970-01-05) was a Monday.
  if (unit === 'week') return Math.floor((day + 3) / 7);
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * The counts of `retentionCounts` (see analytics-store.ts) from one row per user, added up in
 * one pass over the users: what grouping the users' active days in SQL would give, without
 * sorting them.
 */
export function countRetention(
  users: Iterable<RetentionUserRow>,
  query: Pick<RetentionCountQuery, 'unit' | 'periods' | 'summaryDays'>,
): RetentionCountRow[] {
  const { unit, periods, summaryDays } = query;
  const counts = new Map<string, RetentionCountRow>();
  const add = (
    kind: RetentionCountRow['kind'],
    group: string | null,
    cohortDay: number | null,
    n: number,
  ) => {
    const key = `${kind}\u0000${group === null ? '' : `=${group}`}\u0000${cohortDay}\u0000${n}`;
    const row = counts.get(key);
    if (row) row.count++;
    else counts.set(key, { kind, group, cohortDay, n, count: 1 });
  };
  const active = new Set<number>();
  for (const [cd, g, inRange, days] of users) {
    add('group', g, null, 0);
    if (!inRange) continue;
    add('size', g, cd, 0);
    if (days === null) continue;
    const cohort = periodOfDay(unit, cd);
    active.clear();
    let lastN = -Infinity;
    let lastDay = -Infinity;
    for (const text of days.split(',')) {
      const after = Number(text);
      const n = periodOfDay(unit, cd + after) - cohort;
      if (n >= 1 && n <= periods) active.add(n);
      if (n > lastN) lastN = n;
      if (after > lastDay) lastDay = after;
      if (summaryDays.includes(after)) add('day_on', g, cd, after);
    }
    for (const n of active) add('on', g, cd, n);
    if (lastN >= 1) add('last', g, cd, Math.min(lastN, periods));
    for (const s of summaryDays) if (lastDay >= s) add('day_after', g, cd, s);
  }
  return [...counts.values()];
}
