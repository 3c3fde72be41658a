import { named } from '../named-query.js';

/** Page and screen views by name, as the profile counts them. */
const VIEW = `(name LIKE 'Viewed % Page' OR name LIKE 'Viewed % Screen'
  OR name IN ('Loaded a Page', 'Loaded a Screen'))`;

/** A UTC day number's period number (see src/analytics/periods.ts), as SQL over `x`. */
const PERIOD_OF_DAY = {
  day: (x: string) => x,
  // Day 4 was a Monday; every day counted is after 1970, so integer division floors.
  week: (x: string) => `((${x} + 3) / 7)`,
  month: (x: string) =>
    `(extract(year FROM date '1970-01-01' + ${x}::int) * 12
      + extract(month FROM date '1970-01-01' + ${x}::int) - 1)::int`,
} as const;

/** The activity's (profile, day) pairs over parameters $1…$5 (see retentionCounts). */
function activitySql(activeDays: boolean): string {
  return activeDays
    ? `SELECT profile_id AS id, day FROM active_days
      WHERE day BETWEEN $1 AND $2
        AND NOT (lo IS NOT DISTINCT FROM $3::text AND hi IS NOT DISTINCT FROM $3::text)
        AND $4::text[] IS NULL AND $5::boolean IS NULL`
    : `SELECT profile_id AS id, day FROM activity_days
      WHERE day BETWEEN $1 AND $2
        AND ($3::text[] IS NULL OR name = ANY($3::text[]))
        AND NOT (name = ANY($4::text[]))
        AND (NOT $5::boolean OR NOT ${VIEW})
      GROUP BY profile_id, day`;
}

/**
 * Retention per account (`retentionCounts` with `accounts`): one row per account with a
 * signed-up member, its cohort day (the earliest such member's), whether the cohort day is
 * counted, and the distinct days after it on which any signed-up member was active
 * (comma-separated text, null: none), counted by the adapter (retention-count-rows.ts).
 * Parameters: $1…$5 as retentionCounts, cohort by first event, signup event, from and to
 * cohort day.
 */
function accountRetention(activeDays: boolean) {
  return named(
    `analytics_account_retention${activeDays ? '_active' : ''}`,
    `WITH m AS MATERIALIZED (
      SELECT m.account_id, m.profile_id,
        CASE WHEN $6::boolean THEN f.first_seen ELSE coalesce(f.signup_at, f.first_seen) END AS entry
      FROM memberships m JOIN profile_facts f ON f.profile_id = m.profile_id
      WHERE $7::text IS NULL OR f.firsts ->> $7::text IS NOT NULL),
    u AS (SELECT account_id AS id, min(entry) / 86400000 AS cd FROM m GROUP BY account_id),
    d AS (
      SELECT DISTINCT m.account_id AS id, a.day FROM m JOIN (${activitySql(activeDays)}) a
        ON a.id = m.profile_id)
    SELECT u.cd, u.cd BETWEEN $8 AND $9 AS "inRange",
      string_agg((d.day - u.cd)::text, ',') AS days
    FROM u LEFT JOIN d ON u.cd BETWEEN $8 AND $9 AND d.id = u.id
    GROUP BY u.id, u.cd`,
  );
}

/**
 * Retention's counts for one period unit (see `retentionCounts` in analytics-store.ts): the
 * signed-up users with their cohort day and persona, their distinct active days in the range,
 * and every count grouped in SQL. Parameters: from day, to day, include (text[] or null),
 * exclude (text[]), views off, cohort by first event, signup event, from and to cohort day,
 * periods, persona dimension (or null), summary days (int[]). The default activity is read
 * per user instead (`activeRetention`).
 */
function retentionCounts(unit: keyof typeof PERIOD_OF_DAY) {
  const period = PERIOD_OF_DAY[unit];
  const activity = activitySql(false);
  return named(
    `analytics_retention_${unit}`,
    `WITH u AS (
      SELECT profile_id AS id,
        (CASE WHEN $6::boolean THEN first_seen ELSE coalesce(signup_at, first_seen) END)
          / 86400000 AS cd,
        CASE WHEN jsonb_typeof(personas -> $11::text) = 'string'
          THEN personas ->> $11::text END AS g
      FROM profile_facts
      WHERE $7::text IS NULL OR firsts ->> $7::text IS NOT NULL),
    c AS MATERIALIZED (
      SELECT id, cd, g, ${period('cd')} AS c FROM u WHERE cd BETWEEN $8 AND $9),
    a AS (${activity}),
    ua AS MATERIALIZED (
      SELECT c.id, c.cd, c.g, a.day, ${period('a.day')} - c.c AS n FROM c JOIN a ON a.id = c.id),
    per AS MATERIALIZED (
      SELECT id, cd, g, max(n) AS last_n, max(day) AS last_day FROM ua GROUP BY id, cd, g)
    SELECT 'group' AS kind, g AS "group", NULL::bigint AS "cohortDay", 0 AS n, count(*) AS count
      FROM u GROUP BY g
    UNION ALL SELECT 'size', g, cd, 0, count(*) FROM c GROUP BY g, cd
    UNION ALL SELECT 'on', g, cd, n, count(DISTINCT id) FROM ua
      WHERE n BETWEEN 1 AND $10 GROUP BY g, cd, n
    UNION ALL SELECT 'last', g, cd, least(last_n, $10), count(*) FROM per
      WHERE last_n >= 1 GROUP BY g, cd, least(last_n, $10)
    UNION ALL SELECT 'day_on', g, cd, day - cd, count(*) FROM ua
      WHERE day - cd = ANY($12::int[]) GROUP BY g, cd, day - cd
    UNION ALL SELECT 'day_after', g, cd, s.n, count(*) FROM per
      JOIN unnest($12::int[]) AS s(n) ON per.last_day >= per.cd + s.n GROUP BY g, cd, s.n`,
  );
}

/**
 * The read side of analytics (see src/store/analytics-store.ts). What analytics needs of each
 * profile is in the narrow `profile_facts` rows (migration 012); a profile document (`json`) is
 * read, and cast to jsonb, only for a user trait.
 */
export const analyticsQueries = {
  /** Parameters: signup event, conversion event, trait, account trait (each may be null). */
  users: named(
    'analytics_users',
    `SELECT f.profile_id AS id, f.first_seen AS "firstSeen", f.signup_at AS "signupAt",
       f.firsts ->> $1::text AS "signupEventAt",
       f.activation_status AS "activationStatus", f.activated_at AS "activatedAt",
       f.milestones, f.personas, f.lifecycle, f.engagement, f.first_touch AS "firstTouch",
       f.account_id AS "accountId",
       (SELECT p.doc::jsonb -> 'traits' -> $3::text FROM profiles p
         WHERE $3::text IS NOT NULL AND p.id = f.profile_id) AS trait,
       (SELECT a.doc::jsonb -> 'traits' -> $4::text FROM accounts a
         WHERE $4::text IS NOT NULL AND a.id = f.account_id) AS "accountTrait",
       f.firsts ->> $2::text AS "conversionEventAt"
     FROM profile_facts f`,
  ),
  /**
   * The narrow read (`only`, see AnalyticsUserParts). Parameters: signup event, conversion
   * event, trait, account trait, milestones (boolean), persona dimension, first touch field,
   * stage kind (each text may be null).
   */
  narrowUsers: named(
    'analytics_narrow_users',
    `SELECT f.profile_id AS id, f.first_seen AS "firstSeen", f.signup_at AS "signupAt",
       f.firsts ->> $1::text AS "signupEventAt",
       f.activation_status AS "activationStatus", f.activated_at AS "activatedAt",
       CASE WHEN $5::boolean THEN f.milestones END AS milestones,
       CASE WHEN jsonb_typeof(f.personas -> $6::text) = 'string'
         THEN f.personas ->> $6::text END AS persona,
       CASE WHEN jsonb_typeof(f.first_touch -> $7::text) = 'string'
         THEN f.first_touch ->> $7::text END AS touch,
       CASE $8::text WHEN 'lifecycle' THEN f.lifecycle WHEN 'engagement' THEN f.engagement END
         AS stage,
       (SELECT p.doc::jsonb -> 'traits' -> $3::text FROM profiles p
         WHERE $3::text IS NOT NULL AND p.id = f.profile_id) AS trait,
       (SELECT a.doc::jsonb -> 'traits' -> $4::text FROM accounts a
         WHERE $4::text IS NOT NULL AND a.id = f.account_id) AS "accountTrait",
       f.firsts ->> $2::text AS "conversionEventAt"
     FROM profile_facts f`,
  ),
  /** Parameters: from day, to day, include (text[] or null), exclude (text[]), views off. */
  activityDays: named(
    'analytics_activity_days',
    `SELECT profile_id AS id, array_agg(DISTINCT day) AS days FROM activity_days
     WHERE day BETWEEN $1 AND $2
       AND ($3::text[] IS NULL OR name = ANY($3::text[]))
       AND NOT (name = ANY($4::text[]))
       AND (NOT $5::boolean OR NOT ${VIEW})
     GROUP BY profile_id`,
  ),
  retentionDay: retentionCounts('day'),
  retentionWeek: retentionCounts('week'),
  retentionMonth: retentionCounts('month'),
  accountRetention: accountRetention(false),
  accountRetentionActive: accountRetention(true),
  /**
   * Adoption's counts for one period (`adoptionCounts` in analytics-store.ts): the signed-up
   * users' distinct names in the days, the active ones among them, counts by name and by
   * milestone reached in [from, to). Parameters: from day, to day, include (text[] or null),
   * exclude (text[]), views off, signup event, from, to (ms).
   */
  adoptionCounts: named(
    'analytics_adoption_counts',
    `WITH n AS MATERIALIZED (
      SELECT DISTINCT a.profile_id AS id, a.name FROM activity_days a
        JOIN profile_facts f ON f.profile_id = a.profile_id
      WHERE a.day BETWEEN $1 AND $2 AND ($6::text IS NULL OR f.firsts ->> $6::text IS NOT NULL)),
    act AS MATERIALIZED (
      SELECT DISTINCT id FROM n
      WHERE ($3::text[] IS NULL OR name = ANY($3::text[]))
        AND NOT (name = ANY($4::text[]))
        AND (NOT $5::boolean OR NOT ${VIEW}))
    SELECT 'active' AS kind, NULL::text AS name, count(*) AS count FROM act
    UNION ALL SELECT 'event', n.name, count(*) FROM n JOIN act ON act.id = n.id GROUP BY n.name
    UNION ALL SELECT 'milestone', m.key, count(*) FROM act
      JOIN profile_facts f ON f.profile_id = act.id CROSS JOIN LATERAL jsonb_each(f.milestones) m
      WHERE jsonb_typeof(m.value) = 'number'
        AND (m.value)::numeric >= $7::bigint AND (m.value)::numeric < $8::bigint
      GROUP BY m.key`,
  ),
  /**
   * Retention per user from `active_days` for the default activity, in the shape of SQLite's
   * ACTIVE_RETENTION_SQL (one row per signed-up user: cohort day, persona, whether counted, the
   * active days after the cohort day), counted by the adapter (retention-count-rows.ts): each
   * user's days are one range of `active_days`' key, read in key order beside `profile_facts`',
   * where grouping them in SQL sorted every (user, day). Parameters: from day, to day, the one
   * more name left out (or null), cohort by first event, signup event, from and to cohort day,
   * persona dimension (or null).
   */
  activeRetention: named(
    'analytics_active_retention',
    `SELECT u.cd, u.g, u.in_range AS "inRange", string_agg((a.day - u.cd)::text, ',') AS days
     FROM (SELECT profile_id AS id, cd, g, cd BETWEEN $6 AND $7 AS in_range
       FROM (SELECT profile_id,
           (CASE WHEN $4::boolean THEN first_seen ELSE coalesce(signup_at, first_seen) END)
             / 86400000 AS cd,
           CASE WHEN jsonb_typeof(personas -> $8::text) = 'string'
             THEN personas ->> $8::text END AS g
         FROM profile_facts
         WHERE $5::text IS NULL OR firsts ->> $5::text IS NOT NULL) f) u
     LEFT JOIN active_days a ON u.in_range AND a.profile_id = u.id
       AND a.day BETWEEN $1 AND $2
       AND NOT (a.lo IS NOT DISTINCT FROM $3::text AND a.hi IS NOT DISTINCT FROM $3::text)
     GROUP BY u.id, u.cd, u.g, u.in_range`,
  ),
  /** Parameters: from day, to day, the one more name left out (or null). */
  activeDays: named(
    'analytics_active_days',
    `SELECT profile_id AS id, array_agg(day ORDER BY day) AS days FROM active_days
     WHERE day BETWEEN $1 AND $2
       AND NOT (lo IS NOT DISTINCT FROM $3::text AND hi IS NOT DISTINCT FROM $3::text)
     GROUP BY profile_id`,
  ),
  activityNames: named(
    'analytics_activity_names',
    `SELECT profile_id AS id, array_agg(DISTINCT name) AS names FROM activity_days
     WHERE day BETWEEN $1 AND $2 GROUP BY profile_id`,
  ),
  /**
   * Parameter: until. One grouping of `stage_changes` (migration 017), each change's previous
   * stage kept on its row (`was`, migration 021).
   */
  stageChangeCounts: named(
    'analytics_stage_change_counts',
    `SELECT kind, at / 86400000 AS day, "from", "to", was, count(*) AS count
     FROM stage_changes WHERE at <= $1
     GROUP BY kind, at / 86400000, "from", "to", was`,
  ),
  /** Parameters: kind, at. */
  stagesAt: named(
    'analytics_stages_at',
    `SELECT DISTINCT ON (profile_id) profile_id AS id, "to" AS stage
     FROM stage_changes WHERE kind = $1::text AND at <= $2
     ORDER BY profile_id, at DESC, seq DESC`,
  ),
  /** Parameters: trait name, JSON array of the values that match. */
  traitFirstMatch: named(
    'analytics_trait_first_match',
    `SELECT profile_id AS id, min("timestamp") AS at FROM events
     WHERE type = 'identify'
       AND traits -> $1::text IN (SELECT jsonb_array_elements($2::jsonb))
     GROUP BY profile_id`,
  ),
  messages: named(
    'analytics_messages',
    `SELECT id, journey_id AS "journeyId", channel, template, state, created_at AS "createdAt",
       sent_at AS "sentAt"
     FROM messages WHERE created_at >= $1 AND created_at < $2`,
  ),
  engagement: named(
    'analytics_engagement',
    `SELECT event AS name, properties ->> 'message' AS message FROM events
     WHERE source = 'internal' AND event = ANY($1::text[])
       AND jsonb_typeof(properties -> 'message') = 'string'`,
  ),
  memberships: named(
    'analytics_memberships',
    'SELECT account_id AS "accountId", profile_id AS "profileId" FROM memberships',
  ),
  scan: named(
    'analytics_scan',
    `SELECT count(*) AS rows,
       sum(octet_length(properties::text) + octet_length(traits::text)
         + octet_length(context::text)) AS bytes FROM events`,
  ),
};
