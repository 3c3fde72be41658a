/**
 * The statistics of the signals, as plain functions over counts: the difference of two rates
 * with Newcombe's interval, the smoothed odds ratio and phi of a 2×2 table, Fisher's exact test
 * and the Benjamini–Hochberg adjustment. Formulas: docs/signals.md.
 */
import { benjaminiHochberg as adjustPValues } from '../analytics/benjamini-hochberg.js';
import { proportionDifference } from '../analytics/proportion-difference.js';
import { Z95 } from '../analytics/statistics.js';

export interface Difference {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** p1 − p2 with Newcombe's hybrid score interval (analytics/proportion-difference.ts); nulls when
 * a group is empty. */
export function rateDifference(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  z = Z95,
): Difference {
  if (n1 <= 0 || n2 <= 0) return { estimate: null, low: null, high: null };
  const { difference, low, high } = proportionDifference(k1, n1, k2, n2, z);
  return { estimate: difference, low, high };
}

/**
 * A 2×2 table: `a` did it and reached the outcome, `b` did it and did not, `c` did not do it
 * and reached the outcome, `d` neither.
 */
export interface Table {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** The odds ratio with one added to every cell (a prior that also avoids dividing by zero). */
export function smoothedOddsRatio({ a, b, c, d }: Table): number {
  return ((a + 1) * (d + 1)) / ((b + 1) * (c + 1));
}

/** Phi (Pearson's correlation of two 0/1 variables); null when a margin is empty. */
export function phi({ a, b, c, d }: Table): number | null {
  const denominator = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  return denominator === 0 ? null : (a * d - b * c) / denominator;
}

/** Amplitude Compass's bands of |phi|. */
export function phiBand(value: number | null): 'highly' | 'moderately' | 'slightly' | 'not' {
  const v = Math.abs(value ?? 0);
  if (v >= 0.4) return 'highly';
  if (v >= 0.3) return 'moderately';
  if (v >= 0.2) return 'slightly';
  return 'not';
}

const logFactorials: number[] = [0];

function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++)
    logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/**
 * Fisher's exact test, two-sided: the probability, under independence with the margins fixed
 * (hypergeometric), of every table at most as likely as the one observed (with a relative
 * tolerance of 1e-7 for ties, as R's fisher.test).
 */
export function fisherExact({ a, b, c, d }: Table): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  if (n === 0) return 1;
  const base =
    logFactorial(r1) + logFactorial(r2) + logFactorial(c1) + logFactorial(n - c1) - logFactorial(n);
  const logP = (x: number) =>
    base -
    logFactorial(x) -
    logFactorial(r1 - x) -
    logFactorial(c1 - x) -
    logFactorial(r2 - c1 + x);
  const observed = logP(a);
  const limit = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) {
    const lp = logP(x);
    if (lp <= limit) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order
 * (analytics/benjamini-hochberg.ts). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  return adjustPValues(pValues) as number[];
}
