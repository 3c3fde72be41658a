import type { RetentionCountRow } from './analytics-store.js';

/**
 * One signed-up user as an adapter reads it for retention: cohort day, group (persona or
 * null), whether the cohort day is counted (1/0 or boolean), the distinct period numbers
 * 1…periods with activity (comma-separated, null: none), the last period number and the last
 * day with activity (null: none), and the summary days (days after the cohort day) with
 * activity (comma-separated, null: none).
 */
export type RetentionUserRow = [
  number,
  string | null,
  number | boolean,
  string | null,
  number | null,
  number | null,
  string | null,
];

/**
 * The counts of `retentionCounts` (see analytics-store.ts) from one row per user: what the
 * store's grouping would give, added up in one pass over the users.
 */
export function countRetention(
  users: Iterable<RetentionUserRow>,
  periods: number,
  summaryDays: readonly number[],
): RetentionCountRow[] {
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
  for (const [cd, g, inRange, ns, lastN, lastDay, sd] of users) {
    add('group', g, null, 0);
    if (!inRange) continue;
    add('size', g, cd, 0);
    if (ns !== null) for (const n of ns.split(',')) add('on', g, cd, Number(n));
    if (lastN !== null && lastN >= 1) add('last', g, cd, Math.min(lastN, periods));
    if (sd !== null) for (const s of sd.split(',')) add('day_on', g, cd, Number(s));
    if (lastDay !== null) {
      for (const s of summaryDays) if (lastDay >= cd + s) add('day_after', g, cd, s);
    }
  }
  return [...counts.values()];
}
