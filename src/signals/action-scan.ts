import { phi, phiBand, smoothedOddsRatio, type Table } from './signal-statistics.js';

export interface ScanUnit {
  signupAt: number;
  outcome: boolean;
  /**
   * Activity name → the hour after signup of each occurrence (ceil, 0 at or before signup; any
   * order), as the store's `earlyHours` gives them: "by signup + h hours" is "hour ≤ h".
   */
  hours: ReadonlyMap<string, readonly number[]> | undefined;
}

export interface ScanOptions {
  /** The event names to try. */
  events: readonly string[];
  /** Thresholds k ("at least k times"), each 1–10. */
  counts: readonly number[];
  /** Windows h in hours after signup, each ≤ 336 (14 days). */
  hours: readonly number[];
  minSupport: number;
  rank: 'phi' | 'odds_ratio';
  limit: number;
}

export interface ScanRow {
  event: string;
  atLeast: number;
  withinHours: number;
  did: { users: number; outcome: number };
  didNot: { users: number; outcome: number };
  rateDid: number;
  rateDidNot: number;
  oddsRatio: number;
  phi: number | null;
  band: ReturnType<typeof phiBand>;
}

export interface ScanResult {
  users: number;
  outcomes: number;
  candidates: number;
  minSupport: number;
  /** One outcome is more than 10 times as common as the other: read with care. */
  skewed: boolean;
  positive: ScanRow[];
  negative: ScanRow[];
}

const MAX_K = 10;

/**
 * "Did X at least k times within h hours of signup" for every X, k and h, against a binary
 * outcome. Per X one pass over the users counts each one's times by every h (capped at 10) into
 * a histogram per h split by outcome; every k is then a suffix sum. A candidate needs `minSupport` users on each
 * side (did and did not).
 */
export function scanActions(units: readonly ScanUnit[], options: ScanOptions): ScanResult {
  const users = units.length;
  const outcomes = units.filter((u) => u.outcome).length;
  const rows: ScanRow[] = [];
  const skewed = Math.min(outcomes, users - outcomes) * 10 < Math.max(outcomes, users - outcomes);
  if (outcomes > 0 && outcomes < users) {
    const hs = options.hours;
    // count[j] per unit: its times by hs[j] (capped at MAX_K), from one pass over its list.
    const count = new Array<number>(hs.length);
    for (const event of options.events) {
      // hist[j][c] = users with c times by hs[j]; hit[j][c]: of whom reached the outcome.
      const total = hs.map(() => new Array<number>(MAX_K + 1).fill(0));
      const hit = hs.map(() => new Array<number>(MAX_K + 1).fill(0));
      for (const u of units) {
        count.fill(0);
        const list = u.hours?.get(event);
        if (list)
          for (let i = 0; i < list.length; i++) {
            const x = list[i]!;
            for (let j = 0; j < hs.length; j++) if (x <= hs[j]!) count[j]!++;
          }
        for (let j = 0; j < hs.length; j++) {
          const c = Math.min(MAX_K, count[j]!);
          total[j]![c]!++;
          if (u.outcome) hit[j]![c]!++;
        }
      }
      hs.forEach((h, j) => {
        for (const k of options.counts) {
          let did = 0;
          let didHit = 0;
          for (let c = k; c <= MAX_K; c++) {
            did += total[j]![c]!;
            didHit += hit[j]![c]!;
          }
          const didNot = users - did;
          if (did < options.minSupport || didNot < options.minSupport) continue;
          const table: Table = {
            a: didHit,
            b: did - didHit,
            c: outcomes - didHit,
            d: didNot - (outcomes - didHit),
          };
          const p = phi(table);
          rows.push({
            event,
            atLeast: k,
            withinHours: h,
            did: { users: did, outcome: didHit },
            didNot: { users: didNot, outcome: outcomes - didHit },
            rateDid: didHit / did,
            rateDidNot: (outcomes - didHit) / didNot,
            oddsRatio: smoothedOddsRatio(table),
            phi: p,
            band: phiBand(p),
          });
        }
      });
    }
  }
  const score = (r: ScanRow) => (options.rank === 'phi' ? (r.phi ?? 0) : Math.log(r.oddsRatio));
  const tie = (a: ScanRow, b: ScanRow) =>
    a.event < b.event
      ? -1
      : a.event > b.event
        ? 1
        : a.atLeast - b.atLeast || a.withinHours - b.withinHours;
  const positive = rows
    .filter((r) => score(r) > 0)
    .sort((a, b) => score(b) - score(a) || tie(a, b))
    .slice(0, options.limit);
  const negative = rows
    .filter((r) => score(r) < 0)
    .sort((a, b) => score(a) - score(b) || tie(a, b))
    .slice(0, options.limit);
  return {
    users,
    outcomes,
    candidates: rows.length,
    minSupport: options.minSupport,
    skewed,
    positive,
    negative,
  };
}
