import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benjaminiHochberg } from '../../src/analytics/benjamini-hochberg.js';
import { chiSquare1P, erfc, twoSidedNormalP } from '../../src/analytics/lift/normal-tail.js';
import { proportionDifference } from '../../src/analytics/proportion-difference.js';
import { relativeLift } from '../../src/analytics/lift/risk-ratio.js';
import { sampleRatio } from '../../src/analytics/lift/sample-ratio.js';
import { twoProportionP } from '../../src/analytics/lift/two-proportion-test.js';

/**
 * Each statistic of the lift against values published in the literature, and against a plain
 * re-derivation written here from the textbook formula (never by calling the implementation).
 */
const close = (actual: number | null, expected: number, tolerance: number, what: string) => {
  assert.ok(actual !== null, `${what}: got null`);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );
};

/** Plain Wilson and Newcombe (method 10), written from Newcombe (1998) §2 for the reference. */
function refWilson(x: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = x / n;
  const a = 2 * n * p + z * z;
  const b = z * Math.sqrt(z * z + 4 * n * p * (1 - p));
  const c = 2 * (n + z * z);
  return [(a - b) / c, (a + b) / c];
}
function refNewcombe(x1: number, n1: number, x2: number, n2: number): [number, number] {
  const [l1, u1] = refWilson(x1, n1);
  const [l2, u2] = refWilson(x2, n2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return [d - Math.hypot(p1 - l1, u2 - p2), d + Math.hypot(u1 - p1, p2 - l2)];
}

describe('difference of proportions: Newcombe hybrid score interval', () => {
  // Newcombe RG (1998), "Interval estimation for the difference between independent
  // proportions: comparison of eleven methods", Stat Med 17:873–890, Table II, method 10.
  const published: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
    [10, 10, 0, 10, 0.6075, 1.0],
  ];
  for (const [x1, n1, x2, n2, low, high] of published) {
    it(`${x1}/${n1} − ${x2}/${n2}: [${low}, ${high}] as published`, () => {
      const d = proportionDifference(x1, n1, x2, n2);
      close(d.difference, x1 / n1 - x2 / n2, 1e-12, 'difference');
      close(d.low, low, 0.00006, 'low');
      close(d.high, high, 0.00006, 'high');
    });
  }

  it('agrees with the plain re-derivation on a grid of counts', () => {
    for (const [n1, n2] of [
      [30, 30],
      [200, 25],
      [1116, 124],
    ])
      for (let x1 = 0; x1 <= n1; x1 += Math.max(1, Math.floor(n1 / 7)))
        for (let x2 = 0; x2 <= n2; x2 += Math.max(1, Math.floor(n2 / 5))) {
          const [low, high] = refNewcombe(x1, n1, x2, n2);
          const d = proportionDifference(x1, n1, x2, n2);
          close(d.low, low, 1e-12, `${x1}/${n1} − ${x2}/${n2} low`);
          close(d.high, high, 1e-12, `${x1}/${n1} − ${x2}/${n2} high`);
        }
  });
});

describe('relative lift: log risk ratio (Katz) interval', () => {
  it('matches a worked example: 15/30 vs 5/30 gives RR 3, 95 % CI 1.2487–7.2076', () => {
    // By hand: RR = 0.5 / (1/6) = 3; SE(log RR) = √(1/15 − 1/30 + 1/5 − 1/30) = √0.2 = 0.447214;
    // 1.959964 × 0.447214 = 0.876523; 3·e^−0.876523 = 1.24869, 3·e^0.876523 = 7.20759.
    const r = relativeLift(15, 30, 5, 30)!;
    close(r.relative, 2, 1e-12, 'relative');
    close(r.low, 1.24869 - 1, 0.00002, 'low');
    close(r.high, 7.20759 - 1, 0.00002, 'high');
  });
  it('agrees with the plain formula, and is null when a group has no conversion', () => {
    for (const [x1, n1, x2, n2] of [
      [562, 1116, 48, 124],
      [30, 100, 40, 100],
      [1, 50, 1, 60],
    ]) {
      const rr = x1 / n1 / (x2 / n2);
      const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
      const r = relativeLift(x1, n1, x2, n2)!;
      close(r.relative, rr - 1, 1e-12, 'relative');
      close(r.low, rr * Math.exp(-1.959963984540054 * se) - 1, 1e-12, 'low');
      close(r.high, rr * Math.exp(1.959963984540054 * se) - 1, 1e-12, 'high');
    }
    assert.equal(relativeLift(0, 50, 3, 50), null);
    assert.equal(relativeLift(3, 50, 0, 50), null);
  });
});

describe('p-values', () => {
  it('erfc and the normal tail match tabulated values', () => {
    close(erfc(0), 1, 1e-7, 'erfc(0)');
    close(erfc(1), 0.157299207050285, 2e-7, 'erfc(1)');
    close(erfc(-1), 1.842700792949715, 2e-7, 'erfc(-1)');
    close(twoSidedNormalP(1.959963984540054), 0.05, 1e-7, 'z 1.96');
    close(twoSidedNormalP(2.575829303548901), 0.01, 1e-8, 'z 2.576');
    close(twoSidedNormalP(3.290526731491926), 0.001, 1e-9, 'z 3.29');
    close(chiSquare1P(3.841458820694124), 0.05, 1e-7, 'χ² 3.84');
    close(chiSquare1P(10.82756617), 0.001, 1e-9, 'χ² 10.83');
    assert.equal(chiSquare1P(0), 1);
  });
  it("the pooled z-test equals Pearson's χ² on the 2×2 table, computed from the cells", () => {
    for (const [x1, n1, x2, n2] of [
      [56, 70, 48, 80],
      [562, 1116, 48, 124],
      [12, 40, 9, 41],
    ]) {
      // Pearson χ² over observed and expected cells (no continuity correction).
      const cells = [
        [x1, n1 - x1],
        [x2, n2 - x2],
      ];
      const total = n1 + n2;
      const cols = [x1 + x2, total - x1 - x2];
      const rows = [n1, n2];
      let chi = 0;
      for (let r = 0; r < 2; r++)
        for (let c = 0; c < 2; c++) {
          const e = (rows[r] * cols[c]) / total;
          chi += (cells[r][c] - e) ** 2 / e;
        }
      close(twoProportionP(x1, n1, x2, n2), chiSquare1P(chi), 1e-12, `${x1}/${n1} vs ${x2}/${n2}`);
    }
    // By hand, 56/70 vs 48/80: pooled 104/150 = 0.693333; SE = √(0.693333 · 0.306667 ·
    // (1/70 + 1/80)) = 0.0754674; z = 0.2 / 0.0754674 = 2.65015; two-sided p = 0.008045.
    close(twoProportionP(56, 70, 48, 80), 0.008045, 0.000002, 'hand-computed p');
    assert.equal(twoProportionP(0, 40, 0, 50), 1, 'nobody converted: no difference to find');
  });
});

describe('sample-ratio mismatch', () => {
  it('χ² goodness of fit against the declared share', () => {
    // 10,000 users, 10 % declared: 1,000 expected held out. 1,100 seen: χ² = 100²/1000 + 100²/9000.
    const s = sampleRatio(8900, 1100, 0.1);
    close(s.chiSquare, 10000 / 1000 + 10000 / 9000, 1e-9, 'χ²');
    close(s.observedShare, 0.11, 1e-12, 'share');
    assert.ok(s.pValue! < 0.001 && s.mismatch, 'flagged');
    const fine = sampleRatio(9030, 970, 0.1);
    close(fine.chiSquare, 30 ** 2 / 1000 + 30 ** 2 / 9000, 1e-9, 'χ² (fine)');
    assert.equal(fine.mismatch, false);
    close(fine.pValue, 0.3173, 0.0001, 'χ² = 1 gives p = 0.3173');
    assert.equal(sampleRatio(0, 0, 0.1).pValue, null);
  });
});

describe('Benjamini–Hochberg', () => {
  it("matches R's p.adjust(p, 'BH')", () => {
    // p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
    const p = [0.042, 0.001, 0.205, 0.039, 0.06, 0.008, 0.074, 0.041];
    const expected = [0.0672, 0.008, 0.205, 0.0672, 0.08, 0.032, 0.0845714, 0.0672];
    const adjusted = benjaminiHochberg(p);
    expected.forEach((e, i) => close(adjusted[i], e, 1e-7, `p ${p[i]}`));
  });
  it('leaves nulls out of the count, and one p-value as it is', () => {
    assert.deepEqual(benjaminiHochberg([0.03, null]), [0.03, null]);
    assert.deepEqual(benjaminiHochberg([0.5, 0.9]), [0.9, 0.9]);
  });
});
