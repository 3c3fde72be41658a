import { DAY_MS } from '../analytics/periods.js';
import type { SignalUser } from './load-users.js';

/**
 * The outcomes the signals predict, with the analytics room's definitions (src/analytics):
 * retained at day N is the retention summary's "day N after the cohort day (UTC)" — `on`:
 * active that day, `on_or_after`: that day or later — over users for whom day N is over;
 * converted by day N is cairn.yaml's conversion reached at most N days after signup.
 */
export type RetentionMode = 'on' | 'on_or_after';

/** Day N (UTC, after the signup day) is over by `now`. */
export function dayOver(u: Pick<SignalUser, 'cohortDay'>, n: number, now: number): boolean {
  return (u.cohortDay + n + 1) * DAY_MS <= now;
}

export function retainedAt(
  u: Pick<SignalUser, 'cohortDay' | 'days'>,
  n: number,
  mode: RetentionMode,
): boolean {
  const target = u.cohortDay + n;
  if (mode === 'on') return u.days.includes(target);
  return u.days.length > 0 && u.days[u.days.length - 1]! >= target;
}

export function convertedBy(u: Pick<SignalUser, 'signupAt' | 'convertedAt'>, n: number): boolean {
  return u.convertedAt !== null && u.convertedAt <= u.signupAt + n * DAY_MS;
}

/** Distinct active days among the first N days (the signup day and the N − 1 after it). */
export function activeDaysInFirst(u: Pick<SignalUser, 'cohortDay' | 'days'>, n: number): number {
  let count = 0;
  for (const d of u.days) if (d >= u.cohortDay && d < u.cohortDay + n) count++;
  return count;
}
