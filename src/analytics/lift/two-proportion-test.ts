import { twoSidedNormalP } from './normal-tail.js';

/**
 * The two-sided p-value of "both groups convert at the same rate": the pooled two-proportion
 * z-test (the score test; identical to Pearson's χ² on the 2×2 table without continuity
 * correction). 1 when nobody or everybody converted: the groups cannot differ.
 */
export function twoProportionP(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return 1;
  return twoSidedNormalP((x1 / n1 - x2 / n2) / Math.sqrt(variance));
}
