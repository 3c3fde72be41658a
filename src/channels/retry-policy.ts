import type { DeliveryError } from './channel.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The cap of the first retry's delay; it doubles with each attempt… */
  baseDelayMs: number;
  /** …up to this cap. */
  maxDelayMs: number;
}

/**
 * 12 attempts whose windows grow from 1 minute to 4 hours: up to 16 hours of retries (8 on
 * average), enough to outlast a receiver's outage or a greylisting relay without retrying a
 * dead endpoint for days.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 60_000,
  maxDelayMs: 4 * 60 * 60_000,
};

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  /** Temporary errors until the attempts ran out: parked, visible, replayable. */
  | { action: 'dead-letter' }
  /** A permanent error: recorded as failed, never retried. */
  | { action: 'fail' };

/**
 * What to do after attempt number `attempt` (1-based) failed with `error`. Exponential backoff
 * with full jitter (a uniform delay in [0, min(max, base·2^(attempt−1)))), which spreads the
 * retries of a burst of failures instead of sending them back together. A receiver's
 * `Retry-After` is a floor. Pure: `random` returns [0, 1) and is injected so tests are exact.
 */
export function retryDecision(
  policy: RetryPolicy,
  attempt: number,
  error: DeliveryError,
  random: () => number,
): RetryDecision {
  if (error.kind === 'permanent') return { action: 'fail' };
  if (attempt >= policy.maxAttempts) return { action: 'dead-letter' };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = Math.min(error.retryAfterMs ?? 0, policy.maxDelayMs);
  return { action: 'retry', delayMs: Math.max(jittered, floor) };
}
