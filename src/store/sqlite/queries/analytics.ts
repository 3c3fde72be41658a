import type { Database } from 'better-sqlite3';
import type {
  AdoptionCountRow,
  RetentionCountRow,
  StageChangeCountRow,
} from '../../analytics-store.js';
import type { RetentionUserRow } from '../../retention-count-rows.js';

/** Page and screen views by name, as the profile counts them (GLOB: case-sensitive, as on PostgreSQL). */
const VIEW = `(name GLOB 'Viewed * Page' OR name GLOB 'Viewed * Screen'
  OR name IN ('Loaded a Page', 'Loaded a Screen'))`;

/** A JSON path to one key of an object at `base`, for any key text (json_quote escapes it). */
const key = (base: string, param: string) => `'${base}.' || json_quote(${param})`;

/** An analytics user row as the `users` statement returns it: an array, in this order. */
export type AnalyticsUserSqlRow = [
  id: string,
  firstSeen: number,
  signupAt: number | null,
  signupEventAt: number | null,
  activationStatus: string | null,
  activatedAt: number | null,
  milestones: string | null,
  personas: string | null,
  lifecycle: string | null,
  engagement: string | null,
  firstTouch: string | null,
  accountId: string | null,
  trait: string | null,
  accountTrait: string | null,
  conversionEventAt: number | null,
];

/** A narrow analytics user row as the `narrowUsers` statement returns it (see RawNarrowUser). */
export type NarrowUserSqlRow = [
  id: string,
  firstSeen: number,
  signupAt: number | null,
  signupEventAt: number | null,
  activationStatus: string | null,
  activatedAt: number | null,
  milestones: string | null,
  persona: string | null,
  touch: string | null,
  stage: string | null,
  trait: string | null,
  accountTrait: string | null,
  conversionEventAt: number | null,
];

export interface NarrowUsersParams {
  signup: string | null;
  conversion: string | null;
  trait: string | null;
  accountTrait: string | null;
  milestones: number;
  persona: string | null;
  touch: string | null;
  stage: string | null;
}

/** A UTC day number's period number (see src/analytics/periods.ts), as SQL over `x`. */
export const PERIOD_OF_DAY = {
  day: (x: string) => x,
  // Day 4 was a Monday; every day counted is after 1970, so integer division floors.
  week: (x: string) => `((${x} + 3) / 7)`,
  month: (x: string) =>
    `(CAST(strftime('%Y', ${x} * 86400, 'unixepoch') AS INTEGER) * 12
      + CAST(strftime('%m', ${x} * 86400, 'unixepoch') AS INTEGER) - 1)`,
} as const;

export interface RetentionCountParams {
  fromDay: number;
  toDay: number;
  include: string | null;
  exclude: string;
  noViews: number;
  firstEvent: number;
  signup: string | null;
  fromCohortDay: number;
  toCohortDay: number;
  periods: number;
  persona: string | null;
  summaryDays: string;
}

/**
 * Retention's counts for one period unit (see `retentionCounts` in analytics-store.ts): the
 * signed-up users with their cohort day and persona, their distinct active days in the range,
 * and every count grouped in SQL. include, exclude and summaryDays are JSON arrays.
 */
export function retentionCountsSql(unit: keyof typeof PERIOD_OF_DAY): string {
  const period = PERIOD_OF_DAY[unit];
  const persona = key('$', '@persona');
  return `WITH u AS (
      SELECT profile_id AS id,
        (CASE WHEN @firstEvent = 1 THEN first_seen ELSE coalesce(signup_at, first_seen) END)
          / 86400000 AS cd,
        CASE WHEN @persona IS NOT NULL AND json_type(personas, ${persona}) = 'text'
          THEN json_extract(personas, ${persona}) END AS g
      FROM profile_facts
      WHERE @signup IS NULL OR json_extract(firsts, ${key('$', '@signup')}) IS NOT NULL),
    c AS MATERIALIZED (
      SELECT id, cd, g, ${period('cd')} AS c FROM u
      WHERE cd BETWEEN @fromCohortDay AND @toCohortDay),
    a AS (
      SELECT profile_id AS id, day FROM activity_days
      WHERE day BETWEEN @fromDay AND @toDay
        AND (@include IS NULL OR name IN (SELECT value FROM json_each(@include)))
        AND name NOT IN (SELECT value FROM json_each(@exclude))
        AND (@noViews = 0 OR NOT ${VIEW})
      GROUP BY profile_id, day),
    ua AS MATERIALIZED (
      SELECT c.id, c.cd, c.g, a.day, ${period('a.day')} - c.c AS n FROM c JOIN a ON a.id = c.id),
    per AS MATERIALIZED (
      SELECT id, cd, g, max(n) AS last_n, max(day) AS last_day FROM ua GROUP BY id)
    SELECT 'group' AS kind, g AS "group", NULL AS cohortDay, 0 AS n, count(*) AS count
      FROM u GROUP BY g
    UNION ALL SELECT 'size', g, cd, 0, count(*) FROM c GROUP BY g, cd
    UNION ALL SELECT 'on', g, cd, n, count(DISTINCT id) FROM ua
      WHERE n BETWEEN 1 AND @periods GROUP BY g, cd, n
    UNION ALL SELECT 'last', g, cd, min(last_n, @periods), count(*) FROM per
      WHERE last_n >= 1 GROUP BY g, cd, min(last_n, @periods)
    UNION ALL SELECT 'day_on', g, cd, day - cd, count(*) FROM ua
      WHERE day - cd IN (SELECT value FROM json_each(@summaryDays)) GROUP BY g, cd, day - cd
    UNION ALL SELECT 'day_after', g, cd, s.value, count(*) FROM per
      JOIN json_each(@summaryDays) s ON per.last_day >= per.cd + s.value GROUP BY g, cd, s.value`;
}

/**
 * Retention per user from `active_days` (migration 017), for the default activity: one row per
 * signed-up user: cohort day, persona (null: none or not asked), whether the cohort day is
 * counted, and for a counted user the days with activity as days after the cohort day
 * (comma-separated, null: none), counted by the adapter (see retention-count-rows.ts). Users in
 * profile order, each one's days one range of the key: nothing is sorted. `other` is the one
 * name the activity leaves out besides `ACTIVE_DAYS_LEFT_OUT` (null: none): a day whose only
 * meaningful name it is does not count.
 */
export const ACTIVE_RETENTION_SQL = `SELECT u.cd, u.g, u.inRange, group_concat(a.day - u.cd) AS days
    FROM (SELECT profile_id AS id,
        (CASE WHEN @firstEvent = 1 THEN first_seen ELSE coalesce(signup_at, first_seen) END)
          / 86400000 AS cd,
        CASE WHEN @persona IS NOT NULL AND json_type(personas, ${key('$', '@persona')}) = 'text'
          THEN json_extract(personas, ${key('$', '@persona')}) END AS g,
        (CASE WHEN @firstEvent = 1 THEN first_seen ELSE coalesce(signup_at, first_seen) END)
          / 86400000 BETWEEN @fromCohortDay AND @toCohortDay AS inRange
      FROM profile_facts
      WHERE @signup IS NULL OR json_extract(firsts, ${key('$', '@signup')}) IS NOT NULL) u
    LEFT JOIN active_days a ON u.inRange AND a.profile_id = u.id
      AND a.day BETWEEN @fromDay AND @toDay AND NOT (a.lo IS @other AND a.hi IS @other)
    GROUP BY u.id`;

/**
 * Retention per account (`retentionCounts` with `accounts`), one row per account with a
 * signed-up member, in the shape of ACTIVE_RETENTION_SQL: the cohort day (its earliest signed-up
 * member's), no group, whether it is counted, and the distinct days (after the cohort day) on
 * which any signed-up member was active. With `activeDays` the days come from `active_days`
 * (`other` as above), otherwise from `activity_days` by the activity's names.
 */
export function accountRetentionSql(activeDays: boolean): string {
  const activity = activeDays
    ? `active_days a ON a.profile_id = m.profile_id AND a.day BETWEEN @fromDay AND @toDay
         AND NOT (a.lo IS @other AND a.hi IS @other)`
    : `activity_days a ON a.profile_id = m.profile_id AND a.day BETWEEN @fromDay AND @toDay
         AND (@include IS NULL OR a.name IN (SELECT value FROM json_each(@include)))
         AND a.name NOT IN (SELECT value FROM json_each(@exclude))
         AND (@noViews = 0 OR NOT ${VIEW.replace(/name/g, 'a.name')})`;
  const signedUp = `(@signup IS NULL OR json_extract(f.firsts, ${key('$', '@signup')}) IS NOT NULL)`;
  return `SELECT u.cd, NULL AS g, u.inRange,
      CASE WHEN u.inRange THEN (
        SELECT group_concat(DISTINCT a.day - u.cd) FROM memberships m
          JOIN profile_facts f ON f.profile_id = m.profile_id
          JOIN ${activity}
        WHERE m.account_id = u.id AND ${signedUp}) END AS days
    FROM (SELECT id, cd, cd BETWEEN @fromCohortDay AND @toCohortDay AS inRange
      FROM (SELECT m.account_id AS id,
          min(CASE WHEN @firstEvent = 1 THEN f.first_seen
            ELSE coalesce(f.signup_at, f.first_seen) END) / 86400000 AS cd
        FROM memberships m JOIN profile_facts f ON f.profile_id = m.profile_id
        WHERE ${signedUp}
        GROUP BY m.account_id)) u`;
}

/**
 * Adoption's counts for one period (`adoptionCounts`): the distinct (profile, name) pairs of the
 * days, then the signed-up profiles among them (each profile's row looked up once, not once per
 * pair), the active users (a name the activity counts), and the counts by name and by milestone
 * (reached in [from, to)) over the active users.
 */
export const ADOPTION_COUNTS_SQL = `WITH d AS MATERIALIZED (
      SELECT DISTINCT profile_id AS id, name FROM activity_days
      WHERE day BETWEEN @fromDay AND @toDay),
    u AS MATERIALIZED (
      SELECT f.profile_id AS id FROM profile_facts f
      WHERE f.profile_id IN (SELECT id FROM d)
        AND (@signup IS NULL OR json_extract(f.firsts, ${key('$', '@signup')}) IS NOT NULL)),
    n AS MATERIALIZED (SELECT id, name FROM d WHERE id IN (SELECT id FROM u)),
    act AS MATERIALIZED (
      SELECT DISTINCT id FROM n
      WHERE (@include IS NULL OR name IN (SELECT value FROM json_each(@include)))
        AND name NOT IN (SELECT value FROM json_each(@exclude))
        AND (@noViews = 0 OR NOT ${VIEW}))
    SELECT 'active' AS kind, NULL AS name, count(*) AS count FROM act
    UNION ALL SELECT 'event', n.name, count(*) FROM n WHERE n.id IN (SELECT id FROM act)
      GROUP BY n.name
    UNION ALL SELECT 'milestone', m.key, count(*) FROM act
      JOIN profile_facts f ON f.profile_id = act.id, json_each(f.milestones) m
      WHERE m.type IN ('integer', 'real') AND m.value >= @from AND m.value < @to
      GROUP BY m.key`;

export interface AccountRetentionParams {
  fromDay: number;
  toDay: number;
  other: string | null;
  include: string | null;
  exclude: string;
  noViews: number;
  firstEvent: number;
  signup: string | null;
  fromCohortDay: number;
  toCohortDay: number;
}

export interface ActiveRetentionParams {
  fromDay: number;
  toDay: number;
  other: string | null;
  firstEvent: number;
  signup: string | null;
  fromCohortDay: number;
  toCohortDay: number;
  persona: string | null;
}

function retentionStatement(db: Database, unit: keyof typeof PERIOD_OF_DAY) {
  return db.prepare<[RetentionCountParams], RetentionCountRow>(retentionCountsSql(unit));
}

/** The read side of analytics, on the reader connection (see src/store/analytics-store.ts). */
export function prepareAnalyticsReads(db: Database) {
  return {
    /**
     * Parameters: signup event, conversion event, trait, account trait (each may be null).
     * Reads the narrow `profile_facts` rows (migration 012); a profile document only for a
     * user trait. Rows as arrays (AnalyticsUserSqlRow).
     */
    users: db
      .prepare<
        [
          {
            signup: string | null;
            conversion: string | null;
            trait: string | null;
            accountTrait: string | null;
          },
        ],
        AnalyticsUserSqlRow
      >(
        `SELECT f.profile_id AS id, f.first_seen AS firstSeen, f.signup_at AS signupAt,
         CASE WHEN @signup IS NULL THEN NULL
           ELSE json_extract(f.firsts, ${key('$', '@signup')}) END AS signupEventAt,
         f.activation_status AS activationStatus, f.activated_at AS activatedAt,
         f.milestones, f.personas, f.lifecycle, f.engagement, f.first_touch AS firstTouch,
         f.account_id AS accountId,
         CASE WHEN @trait IS NULL THEN NULL
           ELSE (SELECT json_extract(p.doc, ${key('$.traits', '@trait')}) FROM profiles p
                 WHERE p.id = f.profile_id) END AS trait,
         CASE WHEN @accountTrait IS NULL THEN NULL
           ELSE (SELECT json_extract(a.doc, ${key('$.traits', '@accountTrait')}) FROM accounts a
                 WHERE a.id = f.account_id) END AS accountTrait,
         CASE WHEN @conversion IS NULL THEN NULL
           ELSE json_extract(f.firsts, ${key('$', '@conversion')}) END AS conversionEventAt
       FROM profile_facts f`,
      )
      .raw(true),
    /**
     * The narrow read (`only`, see AnalyticsUserParts): the same rows with only the parts asked
     * for: milestones 1 or 0, persona a dimension, touch a first touch field, stage lifecycle
     * or engagement (each may be null). Rows as arrays (NarrowUserSqlRow).
     */
    narrowUsers: db
      .prepare<[NarrowUsersParams], NarrowUserSqlRow>(
        `SELECT f.profile_id, f.first_seen, f.signup_at,
         CASE WHEN @signup IS NULL THEN NULL
           ELSE json_extract(f.firsts, ${key('$', '@signup')}) END,
         f.activation_status, f.activated_at,
         CASE WHEN @milestones = 1 THEN f.milestones END,
         CASE WHEN json_type(f.personas, ${key('$', '@persona')}) = 'text'
           THEN json_extract(f.personas, ${key('$', '@persona')}) END,
         CASE WHEN json_type(f.first_touch, ${key('$', '@touch')}) = 'text'
           THEN json_extract(f.first_touch, ${key('$', '@touch')}) END,
         CASE @stage WHEN 'lifecycle' THEN f.lifecycle WHEN 'engagement' THEN f.engagement END,
         CASE WHEN @trait IS NULL THEN NULL
           ELSE (SELECT json_extract(p.doc, ${key('$.traits', '@trait')}) FROM profiles p
                 WHERE p.id = f.profile_id) END,
         CASE WHEN @accountTrait IS NULL THEN NULL
           ELSE (SELECT json_extract(a.doc, ${key('$.traits', '@accountTrait')}) FROM accounts a
                 WHERE a.id = f.account_id) END,
         CASE WHEN @conversion IS NULL THEN NULL
           ELSE json_extract(f.firsts, ${key('$', '@conversion')}) END
       FROM profile_facts f`,
      )
      .raw(true),
    /** include and exclude are JSON arrays (include null: every name); noViews 1 leaves views out. */
    activityDays: db.prepare<
      [
        {
          fromDay: number;
          toDay: number;
          include: string | null;
          exclude: string;
          noViews: number;
        },
      ],
      { id: string; days: string }
    >(
      `SELECT profile_id AS id, group_concat(day) AS days FROM (
         SELECT DISTINCT profile_id, day FROM activity_days
         WHERE day BETWEEN @fromDay AND @toDay
           AND (@include IS NULL OR name IN (SELECT value FROM json_each(@include)))
           AND name NOT IN (SELECT value FROM json_each(@exclude))
           AND (@noViews = 0 OR NOT ${VIEW}))
       GROUP BY profile_id`,
    ),
    /** The same as activityDays for the default activity, from `active_days` (migration 017). */
    activeDays: db.prepare<
      [{ fromDay: number; toDay: number; other: string | null }],
      { id: string; days: string }
    >(
      `SELECT profile_id AS id, group_concat(day) AS days FROM active_days
       WHERE day BETWEEN @fromDay AND @toDay AND NOT (lo IS @other AND hi IS @other)
       GROUP BY profile_id`,
    ),
    /** Retention's counts, one statement per period unit (see retentionCountsSql). */
    /** Retention per user from `active_days` (see activeRetentionSql), rows as arrays. */
    activeRetention: db
      .prepare<[ActiveRetentionParams], RetentionUserRow>(ACTIVE_RETENTION_SQL)
      .raw(true),
    /** Adoption's counts for one period (see ADOPTION_COUNTS_SQL). */
    adoptionCounts: db.prepare<
      [
        {
          fromDay: number;
          toDay: number;
          from: number;
          to: number;
          include: string | null;
          exclude: string;
          noViews: number;
          signup: string | null;
        },
      ],
      AdoptionCountRow
    >(ADOPTION_COUNTS_SQL),
    /** Retention per account (see accountRetentionSql), rows as arrays. */
    accountRetention: {
      active: db
        .prepare<[AccountRetentionParams], RetentionUserRow>(accountRetentionSql(true))
        .raw(true),
      names: db
        .prepare<[AccountRetentionParams], RetentionUserRow>(accountRetentionSql(false))
        .raw(true),
    },
    retentionCounts: {
      day: retentionStatement(db, 'day'),
      week: retentionStatement(db, 'week'),
      month: retentionStatement(db, 'month'),
    },
    activityNames: db.prepare<[{ fromDay: number; toDay: number }], { id: string; names: string }>(
      // One grouping (the names made distinct within each profile's group), not a DISTINCT
      // over every row and a grouping after it: half the work on the period's rows.
      `SELECT profile_id AS id, json_group_array(DISTINCT name) AS names FROM activity_days
       WHERE day BETWEEN @fromDay AND @toDay GROUP BY profile_id`,
    ),
    /**
     * The stage changes up to a time from `stage_changes` (migration 017) counted by kind, UTC
     * day, from, to and the previous change's `to` (`was`, migration 021).
     */
    stageChangeCounts: db.prepare<[{ until: number }], StageChangeCountRow>(
      `SELECT kind, at / 86400000 AS day, "from", "to", was, count(*) AS count
       FROM stage_changes WHERE at <= @until
       GROUP BY kind, at / 86400000, "from", "to", was`,
    ),
    /** One kind's changes up to a time, each profile's in time order: profile, to. */
    stagesAt: db
      .prepare<[{ kind: string; at: number }], [string, string | null]>(
        `SELECT profile_id, "to" FROM stage_changes WHERE kind = @kind AND at <= @at
         ORDER BY profile_id, at, seq`,
      )
      .raw(true),
    /** values: a JSON array of the values that match. */
    traitFirstMatch: db.prepare<[{ trait: string; values: string }], { id: string; at: number }>(
      `SELECT profile_id AS id, min(timestamp) AS at FROM events
       WHERE type = 'identify'
         AND json_extract(traits, ${key('$', '@trait')}) IN (SELECT value FROM json_each(@values))
       GROUP BY profile_id`,
    ),
    messages: db.prepare<
      [{ from: number; to: number }],
      {
        id: string;
        journeyId: string | null;
        channel: string;
        template: string;
        state: string;
        createdAt: number;
        sentAt: number | null;
      }
    >(
      `SELECT id, journey_id AS journeyId, channel, template, state, created_at AS createdAt,
         sent_at AS sentAt
       FROM messages WHERE created_at >= @from AND created_at < @to`,
    ),
    /** names: a JSON array of event names. */
    engagement: db.prepare<[{ names: string }], { name: string; message: string }>(
      `SELECT event AS name, json_extract(properties, '$.message') AS message FROM events
       WHERE source = 'internal' AND event IN (SELECT value FROM json_each(@names))
         AND json_type(properties, '$.message') = 'text'`,
    ),
    memberships: db.prepare<[], { accountId: string; profileId: string }>(
      'SELECT account_id AS accountId, profile_id AS profileId FROM memberships',
    ),
    scan: db.prepare<[], { rows: number; bytes: number | null }>(
      `SELECT count(*) AS rows,
         sum(length(properties) + length(traits) + length(context)) AS bytes FROM events`,
    ),
  };
}

export type AnalyticsReadStatements = ReturnType<typeof prepareAnalyticsReads>;
