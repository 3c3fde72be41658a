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
 * for the period before. A unit counts once per item however often it did it.
 */
export function adoptionGroups(
  units: readonly AdoptionUnit[],
  items: readonly string[],
  isActive: (names: ReadonlySet<string>) => boolean,
  minSize: number,
): { overall: AdoptionGroup; groups: AdoptionGroup[] } {
  const of = (key: string, list: readonly AdoptionUnit[]): AdoptionGroup => {
    const active = list.filter((u) => isActive(u.names));
    const before = list.filter((u) => isActive(u.previousNames));
    const rows = items.map((item) => {
      const current = rateCell(
        active.filter((u) => did(u, item, false)).length,
        active.length,
        minSize,
      );
      const previous = rateCell(
        before.filter((u) => did(u, item, true)).length,
        before.length,
        minSize,
      );
      const change =
        current.rate !== null && previous.rate !== null ? current.rate - previous.rate : null;
      return { item, current, previous, change };
    });
    rows.sort((a, b) => b.current.count - a.current.count || (a.item < b.item ? -1 : 1));
    return { key, active: active.length, previousActive: before.length, items: rows };
  };
  return {
    overall: of('all', units),
    groups: groupBy(units, (u) => u.group).map(([k, l]) => of(k, l)),
  };
}

function did(u: AdoptionUnit, item: string, previous: boolean): boolean {
  if (item.startsWith('milestone:')) {
    return (previous ? u.previousMilestones : u.milestones).has(item.slice('milestone:'.length));
  }
  return (previous ? u.previousNames : u.names).has(item.slice('event:'.length));
}
