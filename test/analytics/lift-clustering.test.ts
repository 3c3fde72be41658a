import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFacts } from '../../bench/lift-check.js';

/**
 * The clustering measurement of `npm run check:lift` (docs/lift.md, "Are users of one account
 * alike?"), against sums worked by hand.
 */
describe('lift check: outcome clustered by account', () => {
  it('gives the residual sum of the account-clustered variance, worked by hand', () => {
    // Accounts a: 2 users, both converted; b: 2, neither; c: 2, one; d: 1, not converted.
    // n = 7, x = 3, p̂ = 3/7; (x_k − p̂·m_k)²: (2 − 6/7)² = 64/49, (0 − 6/7)² = 36/49,
    // (1 − 6/7)² = 1/49, (0 − 3/7)² = 9/49; sum 110/49. Σm² = 4 + 4 + 4 + 1 = 13.
    const rows = [
      { cluster: 'a', converted: true },
      { cluster: 'b', converted: false },
      { cluster: 'c', converted: true },
      { cluster: 'a', converted: true },
      { cluster: 'd', converted: false },
      { cluster: 'b', converted: false },
      { cluster: 'c', converted: false },
    ];
    const f = clusterFacts(rows);
    assert.equal(f.users, 7);
    assert.equal(f.converted, 3);
    assert.equal(f.clusters, 4);
    assert.equal(f.sumSquaredSizes, 13);
    assert.ok(Math.abs(f.residual - 110 / 49) < 1e-12, `${f.residual}`);
  });

  it('reduces to the binomial sum n·p̂(1 − p̂) when every user is their own cluster', () => {
    // 10 users, 4 converted: Σ(y − 0.4)² = 4·0.36 + 6·0.16 = 2.4 = 10·0.4·0.6.
    const rows = Array.from({ length: 10 }, (_, i) => ({ cluster: `u${i}`, converted: i < 4 }));
    const f = clusterFacts(rows);
    assert.equal(f.clusters, 10);
    assert.equal(f.sumSquaredSizes, 10);
    assert.ok(Math.abs(f.residual - 2.4) < 1e-12, `${f.residual}`);
  });
});
