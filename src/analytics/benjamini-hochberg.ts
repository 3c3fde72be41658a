/**
 * Benjamini–Hochberg adjusted p-values (as R's `p.adjust(p, "BH")`): reading every adjusted
 * p-value at 0.05 keeps the expected share of false discoveries among the "significant" ones at
 * 5 %. The i-th smallest of m becomes min over j ≥ i of p₍ⱼ₎·m/j, capped at 1. Nulls (comparisons
 * not made) stay null and do not count in m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((e): e is { p: number; i: number } => e.p !== null)
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (order[k].p * m) / (k + 1));
    adjusted[order[k].i] = running;
  }
  return adjusted;
}
