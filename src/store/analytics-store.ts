import type { Json } from '../core/types.js';

/**
 * The part of the store that analytics reads (src/analytics). Read only: nothing here writes,
 * and every answer comes from what is committed now. Each method returns compact rows; the
 * statistics are plain functions over them, outside the store.
 */
export interface AnalyticsStore {
  /** One row per identified profile (userId set), with what breakdowns and metrics need. */
  analyticsUsers(query: AnalyticsUsersQuery): Promise<AnalyticsUserRow[]>;
  /**
   * Per profile, the UTC day numbers (days since 1970-01-01) with at least one activity of the
   * chosen kinds in [fromDay, toDay], ascending. Reads the `activity_days` pre-aggregate.
   */
  activityDays(query: ActivityQuery): Promise<Map<string, number[]>>;
  /**
   * Retention counted in the store, users as the unit: per group and cohort day, the cohort's
   * size, the users active in each later period, the histogram of each user's last active
   * period, and the users active on (or after) each summary day. One small row per count, not
   * one per user: the cohort × period counting happens where the activity rows are.
   */
  retentionCounts(query: RetentionCountQuery): Promise<RetentionCountRow[]>;
  /**
   * Feature adoption's counts over the signed-up users for one period (see AdoptionCountQuery):
   * the users active by the activity, and among them per name and per milestone the users who
   * did it in the period.
   */
  adoptionCounts(query: AdoptionCountQuery): Promise<AdoptionCountRow[]>;
  /** Per profile, the distinct activity names in [fromDay, toDay] (all kinds). */
  activityNames(fromDay: number, toDay: number): Promise<Map<string, string[]>>;
  /**
   * The `Stage Changed` state changes up to `until` (inclusive), counted per kind, UTC day,
   * `from`, `to` and the profile's previous change's `to` of that kind (`was`).
   */
  stageChangeCounts(until: number): Promise<StageChangeCountRow[]>;
  /** Each profile's stage of one kind at `at`: the `to` of its last change then, when set. */
  stagesAt(kind: string, at: number): Promise<Map<string, string>>;
  /** Per profile, the first identify call whose `trait` is one of `values` (JSON values). */
  traitFirstMatch(trait: string, values: Json[]): Promise<Map<string, number>>;
  /** Messages of the delivery log created in [from, to). */
  analyticsMessages(from: number, to: number): Promise<MessageFactRow[]>;
  /** Internal email engagement events (`Email Opened` …) that name a message. */
  messageEngagement(names: string[]): Promise<{ name: string; message: string }[]>;
  /** Every (account, member) pair. */
  allMemberships(): Promise<{ accountId: string; profileId: string }[]>;
  /** Reads every row of the event log once (for benchmarks: the cost a query is compared to). */
  scanEvents(): Promise<{ rows: number; bytes: number }>;
}

export interface AdoptionCountQuery {
  /** The activity that makes a user active, over the period's days [fromDay, toDay]. */
  activity: ActivityQuery;
  /** The period in ms, [from, to): milestones reached in it count. */
  from: number;
  to: number;
  /** Only profiles that performed it (null: every identified profile). */
  signupEvent: string | null;
}

/**
 * `active`: the users with an activity name in the days (name null); `event`: per activity name
 * of any kind, the active users who did it in the days; `milestone`: per milestone, the active
 * users who reached it in [from, to). Names and milestones with no user are absent.
 */
export interface AdoptionCountRow {
  kind: 'active' | 'event' | 'milestone';
  name: string | null;
  count: number;
}

export interface AnalyticsUsersQuery {
  /** The activation signup event: only profiles that performed it count as signed up (null:
   * every identified profile). */
  signupEvent: string | null;
  /** An event whose first time is the conversion time (null: none). */
  conversionEvent: string | null;
  /** A user trait to return as `trait` (null: none). */
  trait: string | null;
  /** A trait of the user's first account to return as `accountTrait` (null: none). */
  accountTrait: string | null;
  /**
   * Read only these parts of each row (absent: all of them), for a metric that looks at no
   * more: the rows are the same, with what was not asked for left empty (see AnalyticsUserParts).
   */
  only?: AnalyticsUserParts;
}

/**
 * The parts of an analytics user row a narrow read (`only`) returns beside the id, first seen,
 * signup, activation, conversion time, `trait` and `accountTrait`. Left empty when not asked
 * for: `milestones` {}, `personas` {} or only `persona`'s dimension (when set), `firstTouch`
 * null or only `touch`'s field (when set, the others null), `lifecycle` and `engagement` null
 * but `stage`'s, `accountId` null.
 */
export interface AnalyticsUserParts {
  milestones: boolean;
  persona: string | null;
  touch: keyof FirstTouch | null;
  stage: 'lifecycle' | 'engagement' | null;
}

export interface FirstTouch {
  source: string | null;
  campaign: string | null;
  medium: string | null;
  referrer: string | null;
}

export interface AnalyticsUserRow {
  id: string;
  firstSeen: number;
  /** The engine's signup time (`state.signupAt`), first seen when it has none yet. */
  signupAt: number;
  /** Performed the signup event (true for every row when there is none). */
  signedUp: boolean;
  /** `state.activation.at` when its status is `activated`. */
  activatedAt: number | null;
  /** Milestone name → when reached. */
  milestones: Record<string, number>;
  /** Persona dimension → current persona. */
  personas: Record<string, string | null>;
  lifecycle: string | null;
  engagement: string | null;
  firstTouch: FirstTouch | null;
  accountId: string | null;
  trait: Json | null;
  accountTrait: Json | null;
  /** First time of the conversion event, when asked for. */
  conversionEventAt: number | null;
}

export interface ActivityQuery {
  fromDay: number;
  toDay: number;
  /** Only these names (null: every name not excluded). */
  include: string[] | null;
  exclude: string[];
  /** Leave out page and screen views (`Viewed … Page`, `Loaded a Page` …). */
  excludeViews: boolean;
}

export interface RetentionCountQuery {
  /** The activity that counts, over [fromDay, toDay]. */
  activity: ActivityQuery;
  /** Calendar periods in UTC (weeks from Monday). */
  unit: 'day' | 'week' | 'month';
  /** The cohort day: the day of `signup_at` (first seen without one) or of the first event. */
  cohortBy: 'signup' | 'first_event';
  /** Only profiles that performed it (null: every identified profile). */
  signupEvent: string | null;
  /** Cohort days counted, inclusive (whole periods). */
  fromCohortDay: number;
  toCohortDay: number;
  /** Period numbers 1…periods after the cohort's own. */
  periods: number;
  /** Group by the current persona of this dimension (null: one group, `group` null). */
  persona: string | null;
  /**
   * Count accounts instead of users (persona ignored: one group): each account with a member
   * among the signed-up profiles, its cohort day the earliest such member's, active on a day
   * when any of them is.
   */
  accounts?: boolean;
  /** Days after the cohort day for the "on day N" and "on or after day N" counts. */
  summaryDays: number[];
}

/**
 * One count of a retention table. `group` is the persona (null: none or no breakdown);
 * `cohortDay` the UTC day the users entered (null for `group` rows). `n` and `count` by kind:
 *   group      a group with at least one user, in range or not (n 0, count its users)
 *   size       users of the cohort day (n 0)
 *   on         users active in period n after the cohort's (1…periods)
 *   last       users whose last active period is n (capped at periods; only n ≥ 1)
 *   day_on     users active on day cohortDay + n (n a summary day)
 *   day_after  users active on day cohortDay + n or later
 */
export interface RetentionCountRow {
  kind: 'group' | 'size' | 'on' | 'last' | 'day_on' | 'day_after';
  group: string | null;
  cohortDay: number | null;
  n: number;
  count: number;
}

export interface StageChangeCountRow {
  kind: string;
  /** UTC day number of the changes. */
  day: number;
  from: string | null;
  to: string | null;
  /** The `to` of the same profile's previous change of this kind (null: none, or none set). */
  was: string | null;
  count: number;
}

export interface MessageFactRow {
  id: string;
  journeyId: string | null;
  channel: string;
  template: string;
  state: string;
  createdAt: number;
  sentAt: number | null;
}
