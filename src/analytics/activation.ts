import type { AnalyticsUserRow } from '../store/analytics-store.js';
import { groupBy } from './group-users.js';
import { durationSummary, rateCell, type DurationSummary, type RateCell } from './statistics.js';

export interface ActivationGroup {
  key: string;
  /** Signed-up users in the range. */
  users: number;
  /** Not activated yet, with their activation window still open: left out of the rate. */
  pending: number;
  /** activated ÷ (users − pending). */
  activated: RateCell;
  /** Activation time minus signup, over the activated users. */
  timeToValue: DurationSummary;
}

export interface ActivationOptions {
  /** The activation rule's `within` (ms), or null without a time limit. */
  within: number | null;
  minSize: number;
  now: number;
}

/**
 * Activation rate per group. A user still inside their activation window who has not activated
 * yet may still do so: counting them as not activated would understate the rate of recent
 * signups, so they are reported as pending and left out of the denominator. Without a `within`
 * every signed-up user counts.
 */
export function activationGroups(
  users: readonly AnalyticsUserRow[],
  key: (user: AnalyticsUserRow) => string,
  options: ActivationOptions,
): { overall: ActivationGroup; groups: ActivationGroup[] } {
  return {
    overall: activationOf('all', users, options),
    groups: groupBy(users, key).map(([k, list]) => activationOf(k, list, options)),
  };
}

function activationOf(
  key: string,
  users: readonly AnalyticsUserRow[],
  options: ActivationOptions,
): ActivationGroup {
  let activated = 0;
  let pending = 0;
  const times: number[] = [];
  for (const u of users) {
    if (u.activatedAt !== null) {
      activated++;
      times.push(Math.max(0, u.activatedAt - u.signupAt));
    } else if (options.within !== null && u.signupAt + options.within > options.now) {
      pending++;
    }
  }
  return {
    key,
    users: users.length,
    pending,
    activated: rateCell(activated, users.length - pending, options.minSize),
    timeToValue: durationSummary(times),
  };
}
