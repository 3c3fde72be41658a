/** deadlock_detected, serialization_failure, lock_not_available (LateLockError): the
 * transaction lost a race and may simply rerun. */
const RETRYABLE = new Set(['40P01', '40001', '55P03']);

export const MAX_ATTEMPTS = 5;

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: unknown } | null)?.code as string);
}

/** A short random pause, growing with the attempt, so two losers do not collide again. */
export function backoffMs(attempt: number): number {
  return Math.floor(Math.random() * 10 * attempt) + 1;
}

/**
 * A transaction's later `lockKeys` call found a key held by another transaction. Waiting for it
 * could deadlock (the holder may be waiting for a key this one took first), and PostgreSQL only
 * detects a deadlock after `deadlock_timeout` (1 s by default) with both transactions stalled.
 * So the transaction gives way at once and reruns, taking these keys in its first call.
 */
export class LateLockError extends Error {
  readonly code = '55P03';

  constructor(keys: number) {
    super(`${keys} lock key(s) asked for late were held by another transaction; rerunning`);
  }
}
