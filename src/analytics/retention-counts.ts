import type { RetentionCountRow } from '../store/analytics-store.js';
import { compareKeys } from './group-users.js';
import { periodOfDay } from './periods.js';
import {
  emptyCounts,
  SUMMARY_DAYS,
  summaryDayOver,
  tableFromCounts,
  type RetentionCounts,
  type RetentionOptions,
  type RetentionTable,
} from './retention.js';

/**
 * Retention tables from the counts the store made (`retentionCounts`): the same tables as
 * `retentionTables` over the users, without one row per user. `groupName` names a store group
 * (null: no persona). The overall table adds up every group's rows.
 */
export function retentionTablesFromCounts(
  rows: readonly RetentionCountRow[],
  options: RetentionOptions,
  groupName: (group: string | null) => string,
): { overall: RetentionTable; groups: RetentionTable[] } {
  const overall = emptyCounts(options);
  const groups = new Map<string, RetentionCounts>();
  for (const row of rows) {
    if (row.kind === 'group') groups.set(groupName(row.group), emptyCounts(options));
  }
  for (const row of rows) {
    if (row.kind === 'group' || row.cohortDay === null) continue;
    const group = groups.get(groupName(row.group));
    for (const counts of group ? [overall, group] : [overall]) add(counts, row, options);
  }
  return {
    overall: tableFromCounts('all', overall, options),
    groups: [...groups]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, counts]) => tableFromCounts(key, counts, options)),
  };
}

function add(counts: RetentionCounts, row: RetentionCountRow, options: RetentionOptions): void {
  const cohortDay = row.cohortDay!;
  const i = periodOfDay(options.unit, cohortDay) - options.fromPeriod;
  if (i < 0 || i >= counts.sizes.length) return;
  const summary = SUMMARY_DAYS.indexOf(row.n as (typeof SUMMARY_DAYS)[number]);
  switch (row.kind) {
    case 'size':
      counts.sizes[i] += row.count;
      SUMMARY_DAYS.forEach((day, k) => {
        if (summaryDayOver(cohortDay, day, options.now)) counts.summary[k].eligible += row.count;
      });
      return;
    case 'on':
      if (options.mode === 'on' && row.n >= 1 && row.n <= options.periods) {
        counts.retained[i][row.n] += row.count;
      }
      return;
    case 'last':
      // Retained "on or after" n in every period 1…last.
      if (options.mode === 'on_or_after') {
        for (let n = 1; n <= Math.min(row.n, options.periods); n++) {
          counts.retained[i][n] += row.count;
        }
      }
      return;
    case 'day_on':
    case 'day_after':
      if (summary < 0 || !summaryDayOver(cohortDay, row.n, options.now)) return;
      if (row.kind === 'day_on') counts.summary[summary].on += row.count;
      else counts.summary[summary].after += row.count;
      return;
  }
}
