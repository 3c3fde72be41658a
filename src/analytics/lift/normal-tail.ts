/**
 * Tail probabilities of the standard normal and of χ² with one degree of freedom, for p-values.
 *
 * erfc by the Chebyshev fit of Numerical Recipes (`erfcc`, 2nd ed. §6.2): fractional error below
 * 1.2 × 10⁻⁷ everywhere, which keeps p-values down to 10⁻¹⁰ right to about seven digits — more than
 * a p-value read at 0.05 or 0.001 needs.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(|Z| ≥ |z|) for a standard normal Z: the two-sided p-value of a z statistic. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** P(X ≥ x) for X ~ χ² with 1 degree of freedom (X = Z², so it is the two-sided normal tail). */
export function chiSquare1P(x: number): number {
  return x <= 0 ? 1 : twoSidedNormalP(Math.sqrt(x));
}
