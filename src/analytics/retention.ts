import { groupBy } from './group-users.js';
import {
  DAY_MS,
  periodEnd,
  periodLabel,
  periodOfDay,
  periodStart,
  type PeriodUnit,
} from './periods.js';
import { rateCell, type RateCell } from './statistics.js';

/** One user (or account) in a retention table. */
export interface RetentionUnit {
  id: string;
  /** The UTC day they entered their cohort (signup or first event). */
  cohortDay: number;
  group: string;
  /** UTC days with activity of the chosen kinds, ascending. */
  days: readonly number[];
}

export type RetentionMode = 'on' | 'on_or_after';

export interface RetentionOptions {
  unit: PeriodUnit;
  /** Periods after the cohort's own (period 0) to show. */
  periods: number;
  mode: RetentionMode;
  /** Cohort periods shown, inclusive. */
  fromPeriod: number;
  toPeriod: number;
  now: number;
  minSize: number;
}

export interface RetentionCell {
  /** Period number: 0 is the cohort's own period. */
  n: number;
  count: number;
  rate: number;
  /** The period is in progress: the number can still grow. Never read as a final value. */
  incomplete: boolean;
}

export interface RetentionCohort {
  cohort: string;
  start: number;
  size: number;
  /** Index n is period n; null once the period has not started yet. */
  cells: (RetentionCell | null)[];
}

export interface RetentionMean {
  n: number;
  /** Σ returned ÷ Σ cohort size, over the cohorts whose period n is complete. */
  weighted: number | null;
  /** The plain mean of those cohorts' rates. */
  simple: number | null;
  /** How many cohorts (and units in them) the mean is over. */
  cohorts: number;
  units: number;
}

export interface DaySummary {
  day: number;
  /** Active on exactly day N after the cohort day, ÷ units for whom day N is over. */
  on: RateCell;
  /** Active on day N or any later day. */
  onOrAfter: RateCell;
}

export interface RetentionTable {
  key: string;
  units: number;
  cohorts: RetentionCohort[];
  mean: RetentionMean[];
  summary: DaySummary[];
}

export const SUMMARY_DAYS = [1, 7, 30, 90] as const;

/**
 * Cohort retention. A unit is in the cohort of the period its cohort day falls in; it is
 * retained in period n when it was active in period (cohort + n) ("on"), or in that period or
 * any later one ("on or after"). Period 0 is the cohort itself (100 %). A period that has not
 * ended at `now` is marked incomplete; one that has not started is absent (null), never 0 %.
 * Means are over complete cells of non-empty cohorts only (an empty cohort has no rate; a
 * cohort with 0 % is a real 0 % and counts). Without `withGroups` only the overall table is
 * counted (no breakdown asked for: one group would repeat it).
 */
export function retentionTables(
  units: readonly RetentionUnit[],
  options: RetentionOptions,
  withGroups = true,
): { overall: RetentionTable; groups: RetentionTable[] } {
  return {
    overall: retentionTable('all', units, options),
    groups: withGroups
      ? groupBy(units, (u) => u.group).map(([k, list]) => retentionTable(k, list, options))
      : [],
  };
}

export function retentionTable(
  key: string,
  units: readonly RetentionUnit[],
  options: RetentionOptions,
): RetentionTable {
  return tableFromCounts(key, countUnits(units, options), options);
}

/** A retention table's counts before any rate: what the units or the store's rows add up to. */
export interface RetentionCounts {
  /** Units per cohort (index: cohort period − fromPeriod). */
  sizes: number[];
  /** Units retained per cohort and period n (index n; 0 unused: period 0 is the size). */
  retained: number[][];
  /** Per SUMMARY_DAYS entry: units for whom the day is over, active on it, on it or later. */
  summary: { eligible: number; on: number; after: number }[];
}

export function emptyCounts(options: RetentionOptions): RetentionCounts {
  const cohortCount = Math.max(0, options.toPeriod - options.fromPeriod + 1);
  return {
    sizes: new Array<number>(cohortCount).fill(0),
    retained: Array.from({ length: cohortCount }, () =>
      new Array<number>(options.periods + 1).fill(0),
    ),
    summary: SUMMARY_DAYS.map(() => ({ eligible: 0, on: 0, after: 0 })),
  };
}

/** Whether day N after `cohortDay` is over at `now` (the summary counts only those units). */
export function summaryDayOver(cohortDay: number, day: number, now: number): boolean {
  return (cohortDay + day + 1) * DAY_MS <= now;
}

function countUnits(units: readonly RetentionUnit[], options: RetentionOptions): RetentionCounts {
  const { unit, fromPeriod, toPeriod, now } = options;
  const counts = emptyCounts(options);
  for (const u of units) {
    const c = periodOfDay(unit, u.cohortDay);
    if (c < fromPeriod || c > toPeriod) continue;
    counts.sizes[c - fromPeriod]++;
    const row = counts.retained[c - fromPeriod];
    for (const n of retainedPeriods(u, c, options)) row[n]++;
    SUMMARY_DAYS.forEach((day, k) => {
      const target = u.cohortDay + day;
      if (!summaryDayOver(u.cohortDay, day, now)) return;
      const s = counts.summary[k];
      s.eligible++;
      if (u.days.includes(target)) s.on++;
      if (u.days.length && u.days[u.days.length - 1] >= target) s.after++;
    });
  }
  return counts;
}

/** The table of counts: rates, incomplete and absent periods, means and the day summary. */
export function tableFromCounts(
  key: string,
  counts: RetentionCounts,
  options: RetentionOptions,
): RetentionTable {
  const { unit, periods, fromPeriod, now, minSize } = options;
  const { sizes, retained } = counts;
  const cohorts: RetentionCohort[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const c = fromPeriod + i;
    const cells: (RetentionCell | null)[] = [];
    for (let n = 0; n <= periods; n++) {
      if (sizes[i] === 0 || periodStart(unit, c + n) > now) {
        cells.push(null);
        continue;
      }
      const count = n === 0 ? sizes[i] : retained[i][n];
      cells.push({ n, count, rate: count / sizes[i], incomplete: periodEnd(unit, c + n) > now });
    }
    cohorts.push({
      cohort: periodLabel(unit, c),
      start: periodStart(unit, c),
      size: sizes[i],
      cells,
    });
  }
  return {
    key,
    units: sizes.reduce((a, b) => a + b, 0),
    cohorts,
    mean: means(cohorts, periods),
    summary: SUMMARY_DAYS.map((day, k) => {
      const s = counts.summary[k];
      return {
        day,
        on: rateCell(s.on, s.eligible, minSize),
        onOrAfter: rateCell(s.after, s.eligible, minSize),
      };
    }),
  };
}

/** The period numbers 1…periods in which a unit counts as retained. */
function retainedPeriods(u: RetentionUnit, cohort: number, options: RetentionOptions): number[] {
  const { unit, periods, mode } = options;
  const active = new Set<number>();
  let last = 0;
  for (const d of u.days) {
    const n = periodOfDay(unit, d) - cohort;
    if (n < 1) continue;
    if (n <= periods) active.add(n);
    if (n > last) last = n;
  }
  if (mode === 'on') return [...active];
  const out: number[] = [];
  for (let n = 1; n <= Math.min(last, periods); n++) out.push(n);
  return out;
}

function means(cohorts: RetentionCohort[], periods: number): RetentionMean[] {
  const out: RetentionMean[] = [];
  for (let n = 0; n <= periods; n++) {
    let returned = 0;
    let size = 0;
    let rates = 0;
    let k = 0;
    for (const c of cohorts) {
      const cell = c.cells[n];
      if (!cell || cell.incomplete) continue;
      returned += cell.count;
      size += c.size;
      rates += cell.rate;
      k++;
    }
    out.push({
      n,
      weighted: size ? returned / size : null,
      simple: k ? rates / k : null,
      cohorts: k,
      units: size,
    });
  }
  return out;
}

/** The ids counted in one cell (cohort label, period n) of the overall or a group's table. */
export function cellUnits(
  units: readonly RetentionUnit[],
  options: RetentionOptions,
  cohort: string,
  n: number,
): string[] {
  const ids: string[] = [];
  for (const u of units) {
    const c = periodOfDay(options.unit, u.cohortDay);
    if (c < options.fromPeriod || c > options.toPeriod) continue;
    if (periodLabel(options.unit, c) !== cohort) continue;
    if (n === 0 || retainedPeriods(u, c, options).includes(n)) ids.push(u.id);
  }
  return ids.sort();
}
