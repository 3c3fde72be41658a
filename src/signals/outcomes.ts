import { DAY_MS } from '../analytics/periods.js';
import type { SignalUser } from './load-users.js';

/**
 * The outcomes the signals predict, with the analytics room's definitions (src/analytics):
 * retained at day N is the retention summary's "day N after the cohort day (UTC)" — `on`:
 * active that day, `on_or_after`: that day or later — over users for whom day N is over;
 * converted by day N is cairn.yaml's conversion reached at most N days after signup.
 */
export type RetentionMode = 'on' | 'on_or_after';

/**
 * A unit's activity from its day 0 (the signup day) on, for one day N: what the outcomes read.
 * The store counts it per user (signupActivity); an account's comes from its members' days.
 */
export interface ActivitySummary {
  /** The last active day from day 0 on (UTC day number); null: none. */
  lastDay: number | null;
  /** Active on day N. */
  onDay: boolean;
  /** Distinct active days among the first N days (day 0 and the N − 1 after it). */
  firstDays: number;
}

export const NO_ACTIVITY: ActivitySummary = { lastDay: null, onDay: false, firstDays: 0 };

/** The summary of distinct active days (any order) from day 0 = `cohortDay`, for day `n`. */
export function summarizeDays(
  days: Iterable<number>,
  cohortDay: number,
  n: number,
): ActivitySummary {
  let lastDay: number | null = null;
  let onDay = false;
  let firstDays = 0;
  for (const d of days) {
    if (d < cohortDay) continue;
    if (lastDay === null || d > lastDay) lastDay = d;
    if (d === cohortDay + n) onDay = true;
    if (d < cohortDay + n) firstDays++;
  }
  return { lastDay, onDay, firstDays };
}

/** Day N (UTC, after the signup day) is over by `now`. */
export function dayOver(u: Pick<SignalUser, 'cohortDay'>, n: number, now: number): boolean {
  return (u.cohortDay + n + 1) * DAY_MS <= now;
}

/**
 * The signup times that can be in a population signed up in `range` whose day N is over by
 * `now` (dayOver), for the store to skip the rest: the signup day at most today − N − 1.
 */
export function populationSignups(
  range: { from: number; to: number },
  n: number,
  now: number,
): { from: number; to: number } {
  return { from: range.from, to: Math.min(range.to, (Math.floor(now / DAY_MS) - n) * DAY_MS - 1) };
}

/** Retained at day N (the N the activity summary was made for). */
export function retainedAt(
  u: Pick<SignalUser, 'cohortDay' | 'activity'>,
  n: number,
  mode: RetentionMode,
): boolean {
  if (mode === 'on') return u.activity.onDay;
  return u.activity.lastDay !== null && u.activity.lastDay >= u.cohortDay + n;
}

export function convertedBy(u: Pick<SignalUser, 'signupAt' | 'convertedAt'>, n: number): boolean {
  return u.convertedAt !== null && u.convertedAt <= u.signupAt + n * DAY_MS;
}

/** Distinct active days among the first N days (the signup day and the N − 1 after it). */
export function activeDaysInFirst(u: Pick<SignalUser, 'activity'>): number {
  return u.activity.firstDays;
}
