import { Z95 } from '../statistics.js';

/**
 * The relative lift (x1/n1) ÷ (x2/n2) − 1 with the interval of the risk ratio on the log scale
 * (Katz et al. 1978): log RR ± z·√(1/x1 − 1/n1 + 1/x2 − 1/n2), taken back with exp. Null when
 * either group has no conversion: the log ratio is then infinite and the method says nothing.
 */
export function relativeLift(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z95,
): { relative: number; low: number; high: number } | null {
  if (x1 <= 0 || x2 <= 0 || n1 <= 0 || n2 <= 0) return null;
  const logRatio = Math.log(x1 / n1 / (x2 / n2));
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return {
    relative: Math.exp(logRatio) - 1,
    low: Math.exp(logRatio - z * se) - 1,
    high: Math.exp(logRatio + z * se) - 1,
  };
}
