/**
 * The statistics every metric shares: Wilson score intervals for rates, percentiles of
 * durations, and the rate cell that hides a rate when its group is too small to mean anything.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion k/n (Wilson 1927). Unlike the normal approximation
 * it stays inside [0, 1] and is honest near 0 % and 100 % and for small n.
 */
export function wilsonInterval(k: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A rate with its count, its interval, or the fact that the group is under the minimum size. */
export interface RateCell {
  count: number;
  total: number;
  /** count / total; null when the group is under the minimum size. */
  rate: number | null;
  low: number | null;
  high: number | null;
  /** The group has fewer than the minimum size: no rate is given. */
  small: boolean;
}

export function rateCell(count: number, total: number, minSize: number): RateCell {
  if (total < minSize || total === 0) {
    return { count, total, rate: null, low: null, high: null, small: true };
  }
  const { low, high } = wilsonInterval(count, total);
  return { count, total, rate: count / total, low, high, small: false };
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending values by linear interpolation between closest
 * ranks (Hyndman & Fan type 7: what numpy, R and spreadsheets use by default).
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Median, p75 and p90 of durations (ms); null values when there are none. */
export interface DurationSummary {
  n: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
}

export function durationSummary(values: number[]): DurationSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p90: quantile(sorted, 0.9),
  };
}
