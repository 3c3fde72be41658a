import type { JsonObject } from '../core/types.js';
import type { ActivityQuery } from './analytics-store.js';

/**
 * The part of the store that the signals read (src/signals): the 48-hour signal, the
 * qualification audit and churn risk. Read only, committed state only; compact rows, and the
 * statistics are plain functions outside the store.
 */
export interface SignalsStore {
  /** One row per identified profile (userId set): what the audit compares and churn risk lists. */
  signalProfiles(): Promise<SignalProfileRow[]>;
  /** One row per account: its traits. */
  signalAccounts(): Promise<{ id: string; traits: JsonObject }[]>;
  /**
   * The activity events (track calls, page and screen views, named as the profile counts them;
   * Cairn's internal events left out) of identified profiles with a time at most `horizon` ms
   * after the profile's signup (`state.signupAt`, first seen without one), earlier ones
   * included. Ordered by profile, then time. With `names`, only the activity names given.
   */
  earlyActions(horizon: number, names?: readonly string[]): Promise<EarlyActionRow[]>;
  /**
   * The same events grouped by the store: per identified profile and activity name, the hour
   * after signup of each of its activity events at most `hours` hours after signup (earlier
   * ones included): ceil((time − signup) / 1 h), 0 for a time at or before signup, so "by
   * signup + h hours" (h a whole number) is "hour ≤ h". Order within a list is not specified.
   * Profiles without such events are left out. Read from the `early_hours` pre-aggregate
   * (migration 018), which keeps the first 14 days: `hours` is a whole number up to 336
   * (EARLY_HOURS_KEPT), a RangeError past it. No row per event leaves the store.
   */
  earlyHours(hours: number): Promise<EarlyHours>;
  /**
   * earlyHours(hours) and the times of `names` up to `horizon` ms after signup as
   * earlyActions(horizon, names) gives them, grouped by profile and name, ascending. The times
   * are read only for the profiles whose early hours hold one of `names` by then. Profiles
   * whose signup is outside `signups` (ms, inclusive) may be left out.
   */
  earlyHoursAndTimes(
    hours: number,
    names: readonly string[],
    horizon: number,
    signups?: SignupBounds,
  ): Promise<{ hours: EarlyHours; times: EarlyTimes }>;
  /**
   * The names alone of the same events (earlyHours, `hours` up to 336): per identified
   * profile, each activity name done at most `hours` hours after signup (earlier included),
   * once, in no set order. Profiles without one are left out; so may be profiles whose signup
   * is outside `signups`.
   */
  earlyNames(hours: number, signups?: SignupBounds): Promise<Map<string, string[]>>;
  /**
   * Per unit and activity name among `names`, how many times in [fromDay, split) (`previous`)
   * and in [split, toDay] (`last`), summed by the store over the `activity_days`
   * pre-aggregate: a profile, or an account (every member's counts added, as a member counted
   * once per account). Units with none are left out.
   */
  activityTotals(
    fromDay: number,
    split: number,
    toDay: number,
    names: readonly string[],
    unit: 'profiles' | 'accounts',
  ): Promise<ActivityTotalRow[]>;
  /**
   * Per identified profile with activity (the query's names, days in [fromDay, toDay]) from its
   * signup day on: the signup day is the UTC day of `state.signupAt` (first seen without one),
   * as analytics' signup; `n` names day N after it. Counted in the store: no day list leaves it.
   * `read.firstDays` false leaves the days among the first N uncounted (0 in every row),
   * `read.onDay` false day N (false in every row): the last day is one short read of a
   * profile's days, day N another, the first N a longer one.
   */
  signupActivity(
    query: ActivityQuery,
    n: number,
    read?: { firstDays?: boolean; onDay?: boolean },
  ): Promise<SignupActivityRow[]>;
  /**
   * Distinct active days (the query's names) per profile, or per account (a day on which any
   * member was active), in [fromDay, split) and [split, toDay]. Units without activity are left out.
   */
  windowActivity(
    query: ActivityQuery,
    split: number,
    unit: 'profiles' | 'accounts',
  ): Promise<WindowActivityRow[]>;
  /** One row per identified profile: last seen and first account (no profile document read). */
  profilesSeen(): Promise<{ id: string; lastSeen: number; accountId: string | null }[]>;
  /** Members of a segment (profile ids) with the time they entered it. */
  segmentMembers(segment: string): Promise<{ profileId: string; since: number }[]>;
}

export interface SignalProfileRow {
  id: string;
  traits: JsonObject;
  /** Qualifier question → the answer recorded in the state (`state.answers`). */
  answers: Record<string, string>;
  lastSeen: number;
  /** Account ids in the order the user joined them. */
  accounts: string[];
}

/** Profile id → activity name → the hour of each occurrence (see `earlyHours`). */
export type EarlyHours = Map<string, Map<string, number[]>>;

/** Signup times (ms, inclusive) of the profiles an analysis reads: the others may be skipped. */
export interface SignupBounds {
  from: number;
  to: number;
}

/** Profile id → activity name → times, ascending (see `earlyHoursAndTimes`). */
export type EarlyTimes = Map<string, Map<string, number[]>>;

export interface EarlyActionRow {
  profileId: string;
  name: string;
  at: number;
}

export interface ActivityTotalRow {
  /** A profile id or an account id. */
  id: string;
  name: string;
  previous: number;
  last: number;
}

export interface SignupActivityRow {
  profileId: string;
  /** The last active day (UTC day number) from the signup day on. */
  lastDay: number;
  /** Active on the signup day + n; false when not asked. */
  onDay: boolean;
  /** Distinct active days in [signup day, signup day + n); 0 when not asked. */
  firstDays: number;
}

export interface WindowActivityRow {
  /** A profile id or an account id. */
  id: string;
  previous: number;
  last: number;
}
