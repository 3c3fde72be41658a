import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryError } from '../../src/channels/channel.js';
import { DEFAULT_RETRY_POLICY, retryDecision } from '../../src/channels/retry-policy.js';

const temporary: DeliveryError = { kind: 'temporary', code: 'http_503', message: 'HTTP 503' };
const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 };

describe('retry policy', () => {
  it('backs off exponentially, the jitter spanning the whole window', () => {
    const top = () => 0.999_999;
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => retryDecision(policy, attempt, temporary, top)),
      [999, 1999, 3999, 7999].map((delayMs) => ({ action: 'retry', delayMs })),
    );
    assert.deepEqual(
      retryDecision(policy, 2, temporary, () => 0),
      { action: 'retry', delayMs: 0 },
    );
    assert.deepEqual(
      retryDecision(policy, 3, temporary, () => 0.5),
      { action: 'retry', delayMs: 2000 },
    );
  });

  it('caps the window at maxDelayMs', () => {
    const long = { ...policy, maxAttempts: 50 };
    assert.deepEqual(
      retryDecision(long, 20, temporary, () => 0.5),
      { action: 'retry', delayMs: 5000 },
    );
  });

  it('dead-letters once the attempts are spent', () => {
    assert.deepEqual(
      retryDecision(policy, 5, temporary, () => 0.5),
      { action: 'dead-letter' },
    );
    assert.deepEqual(
      retryDecision(policy, 6, temporary, () => 0.5),
      { action: 'dead-letter' },
    );
  });

  it('never retries a permanent error', () => {
    const permanent: DeliveryError = { kind: 'permanent', code: 'http_410', message: 'gone' };
    assert.deepEqual(
      retryDecision(policy, 1, permanent, () => 0.5),
      { action: 'fail' },
    );
  });

  it("waits at least the receiver's Retry-After, within the cap", () => {
    const slow = { ...temporary, retryAfterMs: 7000 };
    assert.deepEqual(
      retryDecision(policy, 1, slow, () => 0.5),
      { action: 'retry', delayMs: 7000 },
    );
    const huge = { ...temporary, retryAfterMs: 3_600_000 };
    assert.deepEqual(
      retryDecision(policy, 1, huge, () => 0.5),
      { action: 'retry', delayMs: 10_000 },
    );
  });

  it('has defaults that keep retrying for hours', () => {
    let worst = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
      const decision = retryDecision(DEFAULT_RETRY_POLICY, attempt, temporary, () => 0.999_999);
      assert.equal(decision.action, 'retry');
      if (decision.action === 'retry') worst += decision.delayMs;
    }
    assert.ok(worst > 15 * 3_600_000 && worst < 17 * 3_600_000, `${worst} ms`);
  });
});
