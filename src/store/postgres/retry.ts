/** deadlock_detected, serialization_failure: the transaction lost a race and may simply rerun. */
const RETRYABLE = new Set(['40P01', '40001']);

export const MAX_ATTEMPTS = 5;

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: unknown } | null)?.code as string);
}

/** A short random pause, growing with the attempt, so two losers do not collide again. */
export function backoffMs(attempt: number): number {
  return Math.floor(Math.random() * 10 * attempt) + 1;
}
