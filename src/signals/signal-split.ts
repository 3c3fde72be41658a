import { rateCell, type RateCell } from '../analytics/statistics.js';
import { rateDifference, type Difference } from './signal-statistics.js';

export interface SplitUnit {
  matched: boolean;
  retained: boolean;
  /** null when no conversion is declared. */
  converted: boolean | null;
}

export interface SplitGroup {
  key: 'matched' | 'not_matched';
  users: number;
  retained: RateCell;
  converted: RateCell | null;
}

/** Each side of the split with its retention and conversion, and matched minus not matched. */
export function signalSplit(
  units: readonly SplitUnit[],
  minSize: number,
): {
  groups: SplitGroup[];
  difference: { retained: Difference; converted: Difference | null };
} {
  const withConversion = units.some((u) => u.converted !== null);
  const side = (matched: boolean) => {
    const list = units.filter((u) => u.matched === matched);
    const retained = list.filter((u) => u.retained).length;
    const converted = list.filter((u) => u.converted === true).length;
    return { n: list.length, retained, converted };
  };
  const m = side(true);
  const o = side(false);
  const group = (key: SplitGroup['key'], s: typeof m): SplitGroup => ({
    key,
    users: s.n,
    retained: rateCell(s.retained, s.n, minSize),
    converted: withConversion ? rateCell(s.converted, s.n, minSize) : null,
  });
  return {
    groups: [group('matched', m), group('not_matched', o)],
    difference: {
      retained: rateDifference(m.retained, m.n, o.retained, o.n),
      converted: withConversion ? rateDifference(m.converted, m.n, o.converted, o.n) : null,
    },
  };
}
