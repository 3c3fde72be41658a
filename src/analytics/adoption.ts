import type { AdoptionCountRow } from '../store/analytics-store.js';
import { groupBy } from './group-users.js';
import { rateCell, type RateCell } from './statistics.js';

/** One user (or account) in an adoption report. */
export interface AdoptionUnit {
  id: string;
  group: string;
  /** Activity names in the period, and in the period before it. */
  names: ReadonlySet<string>;
  previousNames: ReadonlySet<string>;
  /** Milestones reached in the period, and in the period before it. */
  milestones: ReadonlySet<string>;
  previousMilestones: ReadonlySet<string>;
}

export interface AdoptionItem {
  /** `event:<name>` or `milestone:<name>`. */
  item: string;
  /** Share of the period's active units who did it. */
  current: RateCell;
  previous: RateCell;
  /** current − previous rate, in proportion points (null when either has no rate). */
  change: number | null;
}

export interface AdoptionGroup {
  key: string;
  active: number;
  previousActive: number;
  items: AdoptionItem[];
}

/**
 * Feature adoption: for each event name or milestone, the share of the units active in the
 * period (by the activity definition) who performed it in that period, beside the same share
 * for the period before. A unit counts once per item however often it did it. Without
 * `withGroups` only the overall counts are made (no breakdown: one group would repeat them).
 */
export function adoptionGroups(
  units: readonly AdoptionUnit[],
  items: readonly string[],
  isActive: (names: ReadonlySet<string>) => boolean,
  minSize: number,
  withGroups = true,
): { overall: AdoptionGroup; groups: AdoptionGroup[] } {
  // Each unit's activity is judged once, and each group's counts come from one pass over its
  // units' sets (not one pass per item): the cost grows with what the units did.
  const active = new Map(units.map((u) => [u, [isActive(u.names), isActive(u.previousNames)]]));
  const index = new Map(items.map((item, i) => [item, i]));
  const tally = (counts: number[], names: ReadonlySet<string>, milestones: ReadonlySet<string>) => {
    for (const n of names) {
      const i = index.get(`event:${n}`);
      if (i !== undefined) counts[i]++;
    }
    for (const m of milestones) {
      const i = index.get(`milestone:${m}`);
      if (i !== undefined) counts[i]++;
    }
  };
  const of = (key: string, list: readonly AdoptionUnit[]): AdoptionGroup => {
    const now = new Array<number>(items.length).fill(0);
    const before = new Array<number>(items.length).fill(0);
    let activeNow = 0;
    let activeBefore = 0;
    for (const u of list) {
      const [isNow, wasBefore] = active.get(u)!;
      if (isNow) {
        activeNow++;
        tally(now, u.names, u.milestones);
      }
      if (wasBefore) {
        activeBefore++;
        tally(before, u.previousNames, u.previousMilestones);
      }
    }
    return groupOf(
      key,
      items,
      { active: activeNow, counts: now },
      { active: activeBefore, counts: before },
      minSize,
    );
  };
  return {
    overall: of('all', units),
    groups: withGroups ? groupBy(units, (u) => u.group).map(([k, l]) => of(k, l)) : [],
  };
}

/** One period's counts: the active units, and per item (in the items' order) those who did it. */
interface PeriodCounts {
  active: number;
  counts: readonly number[];
}

function groupOf(
  key: string,
  items: readonly string[],
  now: PeriodCounts,
  before: PeriodCounts,
  minSize: number,
): AdoptionGroup {
  const rows = items.map((item, i) => {
    const current = rateCell(now.counts[i], now.active, minSize);
    const previous = rateCell(before.counts[i], before.active, minSize);
    const change =
      current.rate !== null && previous.rate !== null ? current.rate - previous.rate : null;
    return { item, current, previous, change };
  });
  rows.sort((a, b) => b.current.count - a.current.count || (a.item < b.item ? -1 : 1));
  return { key, active: now.active, previousActive: before.active, items: rows };
}

/**
 * The overall adoption group from the counts the store made (`adoptionCounts`) for the period
 * and the period before: the same group as `adoptionGroups` over the users, without one row per
 * user.
 */
export function adoptionGroupFromCounts(
  items: readonly string[],
  now: readonly AdoptionCountRow[],
  before: readonly AdoptionCountRow[],
  minSize: number,
): AdoptionGroup {
  const period = (rows: readonly AdoptionCountRow[]): PeriodCounts => {
    const by = new Map<string, number>();
    let active = 0;
    for (const r of rows) {
      if (r.kind === 'active') active = r.count;
      else by.set(`${r.kind}:${r.name}`, r.count);
    }
    return { active, counts: items.map((item) => by.get(item) ?? 0) };
  };
  return groupOf('all', items, period(now), period(before), minSize);
}
