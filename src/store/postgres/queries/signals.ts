import { named } from '../named-query.js';

/** An activity event as the profile counts it (the same test and name as `activity_days`). */
const ACTIVE = `e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL))`;
const NAME = `CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END`;

/**
 * The activity query's name filter over `activity_days d` (as analytics' activityDays):
 * $3 include (text[], null: every name), $4 exclude (text[]), $5 leave views out.
 */
const COUNTS = `($3::text[] IS NULL OR d.name = ANY($3::text[]))
  AND NOT (d.name = ANY($4::text[]))
  AND (NOT $5::boolean OR NOT (d.name LIKE 'Viewed % Page' OR d.name LIKE 'Viewed % Screen'
    OR d.name IN ('Loaded a Page', 'Loaded a Screen')))`;

/** The reads of the signals (see src/store/signals-store.ts). */
/** A unit's id and its rows of `activity_days`: a profile's own, or every member's of an account. */
const UNITS = {
  profiles: { id: 'd.profile_id', days: 'activity_days d' },
  accounts: {
    id: 'm.account_id',
    days: 'activity_days d JOIN memberships m ON m.profile_id = d.profile_id',
  },
} as const;

/** Parameters: from day, split day, to day, names (text[]). Per unit and name, the counts
 * before and from the split day. */
function totals(unit: keyof typeof UNITS): string {
  const { id, days } = UNITS[unit];
  return `SELECT ${id} AS id, d.name, coalesce(sum(d.n) FILTER (WHERE d.day < $2), 0) AS previous,
      coalesce(sum(d.n) FILTER (WHERE d.day >= $2), 0) AS last
    FROM ${days}
    WHERE d.day BETWEEN $1 AND $3 AND d.name = ANY($4::text[])
    GROUP BY ${id}, d.name`;
}

/** Parameters: from day, to day, include, exclude, views out (COUNTS), split day. Per unit,
 * its distinct active days before and from the split day. */
function window(unit: keyof typeof UNITS): string {
  const { id, days } = UNITS[unit];
  return `SELECT id, count(*) FILTER (WHERE day < $6) AS previous,
      count(*) FILTER (WHERE day >= $6) AS last
    FROM (SELECT DISTINCT ${id} AS id, d.day FROM ${days}
          WHERE d.day BETWEEN $1 AND $2 AND ${COUNTS}) x
    GROUP BY id`;
}

export const signalQueries = {
  profiles: named(
    'signal_profiles',
    `SELECT p.id, p.d -> 'traits' AS traits,
       (SELECT json_object_agg(a.key, a.value ->> 'value')
          FROM jsonb_each(CASE jsonb_typeof(p.d #> '{state,answers}') WHEN 'object'
            THEN p.d #> '{state,answers}' ELSE '{}' END) a) AS answers,
       p.last_seen AS "lastSeen", p.d -> 'accounts' AS accounts
     FROM (SELECT id, last_seen, doc::jsonb AS d FROM profiles WHERE user_id IS NOT NULL) p`,
  ),
  accounts: named('signal_accounts', `SELECT id, doc::jsonb -> 'traits' AS traits FROM accounts`),
  /**
   * Parameters: the horizon after signup (ms), names (text[], null: every name). Each
   * identified profile's `profile_facts` row, then its activity events through
   * `events_activity` (migration 015).
   */
  earlyActions: named(
    'signal_early_actions',
    `SELECT e.profile_id AS "profileId", ${NAME} AS name, e."timestamp" AS at
     FROM profile_facts f
     JOIN events e ON e.profile_id = f.profile_id
     WHERE ${ACTIVE} AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + $1::bigint
       AND ($2::text[] IS NULL OR ${NAME} = ANY($2::text[]))
     ORDER BY e.profile_id, e."timestamp", e.seq`,
  ),
  /** Every activity name in `early_hours` (migration 018): the names earlyHours codes. */
  earlyHourNames: named('signal_early_hour_names', `SELECT DISTINCT name FROM early_hours`),
  /**
   * Parameters: the hours after signup (at most 336), the signups read (ms, inclusive), the
   * names coded (text[]). Per profile signed up then, its rows of `early_hours` (migration
   * 018) packed as on SQLite (src/store/early-hours.ts `unpackHours`): per row chr(1024 + the
   * name's position in $4, 0 when not there), chr(48 + hour), chr(48 + n) (47: n too large).
   */
  earlyHours: named(
    'signal_early_hours',
    `SELECT f.profile_id AS "profileId",
       string_agg(chr(1024 + coalesce(array_position($4::text[], h.name), 0))
         || chr(48 + h.hour)
         || chr(CASE WHEN h.n < 50000 THEN 48 + h.n::int ELSE 47 END), '') AS packed
     FROM profile_facts f JOIN early_hours h ON h.profile_id = f.profile_id
     WHERE h.hour <= $1 AND coalesce(f.signup_at, f.first_seen) BETWEEN $2 AND $3
     GROUP BY f.profile_id`,
  ),
  /** Parameters: a profile id, the hours after signup. Its rows of `early_hours`. */
  earlyHoursOf: named(
    'signal_early_hours_of',
    `SELECT name, hour, n FROM early_hours WHERE profile_id = $1 AND hour <= $2`,
  ),
  /** Parameters as earlyHours'. earlyHours' names, each once. */
  earlyNames: named(
    'signal_early_names',
    `SELECT h.profile_id AS "profileId", array_agg(DISTINCT h.name) AS names
     FROM profile_facts f JOIN early_hours h ON h.profile_id = f.profile_id
     WHERE h.hour <= $1 AND coalesce(f.signup_at, f.first_seen) BETWEEN $2 AND $3
     GROUP BY h.profile_id`,
  ),
  /**
   * Parameters: spans as three arrays, profile ids (text[]), from (exclusive) and to
   * (inclusive) in ms after signup (bigint[]); names (text[]). earlyActions of those names
   * within each span.
   */
  earlyTimes: named(
    'signal_early_times',
    `SELECT e.profile_id AS "profileId", ${NAME} AS name, e."timestamp" AS at
     FROM unnest($1::text[], $2::bigint[], $3::bigint[]) s(id, lo, hi)
     JOIN profile_facts f ON f.profile_id = s.id
     JOIN events e ON e.profile_id = f.profile_id
       AND e."timestamp" > coalesce(f.signup_at, f.first_seen) + s.lo
       AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + s.hi
     WHERE ${ACTIVE} AND ${NAME} = ANY($4::text[])`,
  ),
  totalsProfiles: named('signal_totals_profiles', totals('profiles')),
  totalsAccounts: named('signal_totals_accounts', totals('accounts')),
  /**
   * Parameters: from day, to day, include, exclude, views out (COUNTS), n, count the first N
   * days, read day N. Each profile's signup day, then three reads of its activity days as
   * ranges of the primary key (profile, day): the last day (backward, the first row counted),
   * day N (when asked, else false) and the distinct days of the first N (when asked, else 0).
   */
  signupActivity: named(
    'signal_signup_activity',
    `SELECT * FROM (
       SELECT c.profile_id AS "profileId",
         (SELECT d.day FROM activity_days d
          WHERE d.profile_id = c.profile_id AND d.day >= greatest(c.cohort, $1::bigint)
            AND d.day <= $2 AND ${COUNTS}
          ORDER BY d.day DESC LIMIT 1) AS "lastDay",
         CASE WHEN $8::boolean THEN EXISTS (SELECT 1 FROM activity_days d
           WHERE d.profile_id = c.profile_id AND d.day = c.cohort + $6
             AND d.day BETWEEN $1 AND $2 AND ${COUNTS}) ELSE false END AS "onDay",
         CASE WHEN $7::boolean THEN (SELECT count(DISTINCT d.day) FROM activity_days d
           WHERE d.profile_id = c.profile_id AND d.day >= greatest(c.cohort, $1::bigint)
             AND d.day < c.cohort + $6 AND d.day <= $2 AND ${COUNTS}) ELSE 0 END AS "firstDays"
       FROM (SELECT profile_id, coalesce(signup_at, first_seen) / 86400000 AS cohort
             FROM profile_facts) c) x
     WHERE "lastDay" IS NOT NULL`,
  ),
  windowProfiles: named('signal_window_profiles', window('profiles')),
  windowAccounts: named('signal_window_accounts', window('accounts')),
  profilesSeen: named(
    'signal_profiles_seen',
    `SELECT p.id, p.last_seen AS "lastSeen", f.account_id AS "accountId"
     FROM profile_facts f JOIN profiles p ON p.id = f.profile_id`,
  ),
  segmentMembers: named(
    'signal_segment_members',
    `SELECT profile_id AS "profileId", entered_at AS since FROM segment_members
     WHERE segment = $1 ORDER BY profile_id`,
  ),
};
