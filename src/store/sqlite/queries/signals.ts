import type { Database } from 'better-sqlite3';

/** An activity event as the profile counts it (the same test and name as `activity_days`). */
const ACTIVE = `e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL))`;
const NAME = `CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END`;

/**
 * The activity query's name filter over `activity_days d` (as analytics' activityDays):
 * include and exclude are JSON arrays (include null: every name); noViews 1 leaves page and
 * screen views out (GLOB: case-sensitive, as on PostgreSQL).
 */
const COUNTS = `(@include IS NULL OR d.name IN (SELECT value FROM json_each(@include)))
  AND d.name NOT IN (SELECT value FROM json_each(@exclude))
  AND (@noViews = 0 OR NOT (d.name GLOB 'Viewed * Page' OR d.name GLOB 'Viewed * Screen'
    OR d.name IN ('Loaded a Page', 'Loaded a Screen')))`;

/** A profile's signup day: as analytics' signup (`state.signupAt`, else first seen). */
const COHORT = `(coalesce(f.signup_at, f.first_seen) / 86400000)`;

/** A day of `active_days a` that counts: not one whose only meaningful name is @other. */
const ACTIVE_DAY = `NOT (a.lo IS @other AND a.hi IS @other)`;

/**
 * The statement text of signupActivity and signupActiveDays: per identified profile, its last
 * counted day in the range, whether day N counted (@onDay), and how many of its first N days
 * counted (@firstDays). `days` is the table with its alias (`d` or `a`), `counts` the condition
 * a row must meet; `byDay`: the table holds several rows per day, so the first days are grouped.
 */
function signupDays(days: string, counts: string, byDay: boolean): string {
  const t = days.split(' ')[1]!;
  const firstDays = byDay
    ? `(SELECT count(*) FROM (SELECT ${t}.day FROM ${days}
               WHERE ${t}.profile_id = f.profile_id AND ${t}.day >= max(${COHORT}, @fromDay)
                 AND ${t}.day < ${COHORT} + @n AND ${t}.day <= @toDay AND ${counts}
               GROUP BY ${t}.day))`
    : `(SELECT count(*) FROM ${days}
               WHERE ${t}.profile_id = f.profile_id AND ${t}.day >= max(${COHORT}, @fromDay)
                 AND ${t}.day < ${COHORT} + @n AND ${t}.day <= @toDay AND ${counts})`;
  return `SELECT * FROM (
           SELECT f.profile_id AS id,
             (SELECT ${t}.day FROM ${days}
              WHERE ${t}.profile_id = f.profile_id AND ${t}.day >= max(${COHORT}, @fromDay)
                AND ${t}.day <= @toDay AND ${counts}
              ORDER BY ${t}.day DESC LIMIT 1) AS lastDay,
             CASE WHEN @onDay THEN EXISTS (SELECT 1 FROM ${days}
               WHERE ${t}.profile_id = f.profile_id AND ${t}.day = ${COHORT} + @n
                 AND ${t}.day BETWEEN @fromDay AND @toDay AND ${counts}) ELSE 0 END AS onDay,
             CASE WHEN @firstDays THEN ${firstDays} ELSE 0 END AS firstDays
           FROM profile_facts f)
         WHERE lastDay IS NOT NULL`;
}

/** A unit's id and its rows of `activity_days`: a profile's own, or every member's of an account. */
const UNITS = {
  profiles: { id: 'p.id', days: 'profiles p CROSS JOIN activity_days d ON d.profile_id = p.id' },
  accounts: {
    id: 'm.account_id',
    days: 'memberships m CROSS JOIN activity_days d ON d.profile_id = m.profile_id',
  },
} as const;

/**
 * names: a JSON array. Per unit and name, the counts before and from @split. For profiles, each
 * profile then its `activity_days` of the range as one range of the primary key, which holds n
 * (the by-day index does not: a lookup per row); for accounts, `memberships` in key order.
 */
function totals(unit: keyof typeof UNITS): string {
  const { id, days } = UNITS[unit];
  return `SELECT ${id}, d.name, sum(CASE WHEN d.day < @split THEN d.n ELSE 0 END),
      sum(CASE WHEN d.day >= @split THEN d.n ELSE 0 END)
    FROM ${days}
    WHERE d.day BETWEEN @fromDay AND @toDay AND d.name IN (SELECT value FROM json_each(@names))
    GROUP BY ${id}, d.name`;
}

/** Per unit, its distinct active days before and from @split in the range. */
function window(unit: keyof typeof UNITS): string {
  const { id, days } = UNITS[unit];
  return `SELECT id, sum(day < @split), sum(day >= @split) FROM (
      SELECT DISTINCT ${id} AS id, d.day FROM ${days}
      WHERE d.day BETWEEN @fromDay AND @toDay AND ${COUNTS})
    GROUP BY id`;
}

export interface ActivityParams {
  fromDay: number;
  toDay: number;
  include: string | null;
  exclude: string;
  noViews: number;
}

export interface TotalParams {
  fromDay: number;
  split: number;
  toDay: number;
  names: string;
}

/** The reads of the signals (see src/store/signals-store.ts), on the reader connection. */
export function prepareSignalReads(db: Database) {
  return {
    /**
     * Each identified profile's traits, accounts and answers (`state.answers`) as one JSON
     * array, from one parse of its document (a subquery over json_each parsed it again).
     */
    profiles: db
      .prepare<[], [string, number, string]>(
        `SELECT id, last_seen, json_extract(doc, '$.traits', '$.accounts', '$.state.answers')
         FROM profiles WHERE user_id IS NOT NULL`,
      )
      .raw(),
    accounts: db.prepare<[], { id: string; traits: string | null }>(
      `SELECT id, json_extract(doc, '$.traits') AS traits FROM accounts`,
    ),
    /**
     * Each identified profile (its `profile_facts` row: signup, first seen) in id order, then
     * its activity events up to signup + horizon as one range of the covering index
     * `events_activity` (migration 015), already in time order: no event row is read.
     */
    earlyActions: db
      .prepare<[{ horizon: number; names: string | null }], [string, string, number]>(
        `SELECT e.profile_id, ${NAME}, e.timestamp
         FROM profile_facts f
         CROSS JOIN events e ON e.profile_id = f.profile_id
         WHERE ${ACTIVE} AND e.timestamp <= coalesce(f.signup_at, f.first_seen) + @horizon
           AND (@names IS NULL OR ${NAME} IN (SELECT value FROM json_each(@names)))
         ORDER BY f.profile_id, e.timestamp, e.seq`,
      )
      .raw(),
    /** Every activity name in `early_hours` (migration 018): the names earlyHours codes. */
    earlyHourNames: db.prepare<[], [string]>(`SELECT DISTINCT name FROM early_hours`).raw(),
    /**
     * `earlyHours`, one row per profile whose signup is in [@from, @to] (tested on its
     * `profile_facts` row, in key order, before its rows of `early_hours` are read as one range
     * of their key: no sort): each (name, hour, n) row as three characters, its name's code
     * (1024 + the position of char(1) || name || char(1) in @codes, the known names joined by
     * char(1); 1024 for a name not there), char(48 + hour) and char(48 + n), char(47) for an n
     * too large for one character.
     */
    earlyHours: db
      .prepare<[{ hours: number; codes: string; from: number; to: number }], [string, string]>(
        `SELECT f.profile_id,
           group_concat(char(1024 + instr(@codes, char(1) || h.name || char(1)), 48 + h.hour,
             CASE WHEN h.n < 50000 THEN 48 + h.n ELSE 47 END), '')
         FROM profile_facts f CROSS JOIN early_hours h ON h.profile_id = f.profile_id
         WHERE coalesce(f.signup_at, f.first_seen) BETWEEN @from AND @to AND h.hour <= @hours
         GROUP BY f.profile_id`,
      )
      .raw(),
    /** One profile's rows of `early_hours` (what earlyHours could not code). */
    earlyHoursOf: db
      .prepare<[{ hours: number; profile: string }], [string, number, number]>(
        `SELECT name, hour, n FROM early_hours WHERE profile_id = @profile AND hour <= @hours`,
      )
      .raw(),
    /** earlyHours' names only, each once per profile, from the same rows. */
    earlyNames: db
      .prepare<[{ hours: number; from: number; to: number }], [string, string]>(
        `SELECT f.profile_id, json_group_array(DISTINCT h.name)
         FROM profile_facts f CROSS JOIN early_hours h ON h.profile_id = f.profile_id
         WHERE coalesce(f.signup_at, f.first_seen) BETWEEN @from AND @to AND h.hour <= @hours
         GROUP BY f.profile_id`,
      )
      .raw(),
    /**
     * earlyActions of the names in @names (a JSON array) within spans of time after signup,
     * @spans a JSON array of [profile, from (exclusive), to (inclusive)]: per span the
     * profile's `profile_facts` row, then that span of `events_activity`.
     */
    earlyTimes: db
      .prepare<[{ spans: string; names: string }], [string, string, number]>(
        `SELECT f.profile_id, ${NAME}, e.timestamp
         FROM json_each(@spans) j
         CROSS JOIN profile_facts f ON f.profile_id = j.value ->> 0
         CROSS JOIN events e ON e.profile_id = f.profile_id
         WHERE ${ACTIVE}
           AND e.timestamp > coalesce(f.signup_at, f.first_seen) + (j.value ->> 1)
           AND e.timestamp <= coalesce(f.signup_at, f.first_seen) + (j.value ->> 2)
           AND ${NAME} IN (SELECT value FROM json_each(@names))`,
      )
      .raw(),
    totalsProfiles: db
      .prepare<[TotalParams], [string, string, number, number]>(totals('profiles'))
      .raw(),
    totalsAccounts: db
      .prepare<[TotalParams], [string, string, number, number]>(totals('accounts'))
      .raw(),
    /**
     * Each profile's signup day (`cohort`, integer division: the UTC day of a positive time),
     * then three reads of its `activity_days` as ranges of the primary key (profile, day): the
     * last active day from the end (a backward seek that stops at the first row counted), with
     * @onDay day N (one day), and with @firstDays the distinct days of the first N (the days
     * come in key order, so the grouping needs no sort). Profiles with no day counted are left
     * out.
     */
    signupActivity: db
      .prepare<
        [ActivityParams & { n: number; onDay: number; firstDays: number }],
        [string, number, number, number]
      >(signupDays('activity_days d', COUNTS, true))
      .raw(),
    /**
     * signupActivity for the default activity, over `active_days` (migration 017, see
     * src/store/active-days.ts): one row per active day, no name tested, so each read is a
     * seek and (mostly) one row; @other is the one more name left out (null: none), a day
     * whose only meaningful name it is does not count.
     */
    signupActiveDays: db
      .prepare<
        [
          {
            fromDay: number;
            toDay: number;
            other: string | null;
            n: number;
            onDay: number;
            firstDays: number;
          },
        ],
        [string, number, number, number]
      >(signupDays('active_days a', ACTIVE_DAY, false))
      .raw(),
    /** The days of the range through activity_days_by_day (migration 013). */
    windowProfiles: db
      .prepare<[ActivityParams & { split: number }], [string, number, number]>(window('profiles'))
      .raw(),
    windowAccounts: db
      .prepare<[ActivityParams & { split: number }], [string, number, number]>(window('accounts'))
      .raw(),
    profilesSeen: db
      .prepare<[], [string, number, string | null]>(
        `SELECT p.id, p.last_seen, f.account_id
         FROM profile_facts f JOIN profiles p ON p.id = f.profile_id`,
      )
      .raw(),
    segmentMembers: db.prepare<[{ segment: string }], { profileId: string; since: number }>(
      `SELECT profile_id AS profileId, entered_at AS since FROM segment_members
       WHERE segment = @segment ORDER BY profile_id`,
    ),
  };
}

export type SignalReadStatements = ReturnType<typeof prepareSignalReads>;
