import type { Database } from 'better-sqlite3';

/** An activity event as the profile counts it (the same test and name as `activity_days`). */
const ACTIVE = `e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL))`;
const NAME = `CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END`;

/** The reads of the signals (see src/store/signals-store.ts), on the reader connection. */
export function prepareSignalReads(db: Database) {
  return {
    profiles: db.prepare<
      [],
      {
        id: string;
        traits: string | null;
        answers: string | null;
        lastSeen: number;
        accounts: string | null;
      }
    >(
      `SELECT p.id, json_extract(p.doc, '$.traits') AS traits,
         (SELECT json_group_object(a.key, json_extract(a.value, '$.value'))
            FROM json_each(p.doc, '$.state.answers') a) AS answers,
         p.last_seen AS lastSeen, json_extract(p.doc, '$.accounts') AS accounts
       FROM profiles p WHERE p.user_id IS NOT NULL`,
    ),
    accounts: db.prepare<[], { id: string; traits: string | null }>(
      `SELECT id, json_extract(doc, '$.traits') AS traits FROM accounts`,
    ),
    /**
     * Each identified profile (its `profile_facts` row: signup, first seen) in id order, then
     * its activity events up to signup + horizon as one range of the covering index
     * `events_activity` (migration 015), already in time order: no event row is read.
     */
    earlyActions: db
      .prepare<[{ horizon: number }], [string, string, number]>(
        `SELECT e.profile_id, ${NAME}, e.timestamp
         FROM profile_facts f
         CROSS JOIN events e ON e.profile_id = f.profile_id
         WHERE ${ACTIVE} AND e.timestamp <= coalesce(f.signup_at, f.first_seen) + @horizon
         ORDER BY f.profile_id, e.timestamp, e.seq`,
      )
      .raw(),
    /** names: a JSON array. */
    activityCounts: db
      .prepare<
        [{ fromDay: number; toDay: number; names: string }],
        [string, number, string, number]
      >(
        `SELECT profile_id, day, name, n FROM activity_days
         WHERE day BETWEEN @fromDay AND @toDay
           AND name IN (SELECT value FROM json_each(@names))`,
      )
      .raw(),
    segmentMembers: db.prepare<[{ segment: string }], { profileId: string; since: number }>(
      `SELECT profile_id AS profileId, entered_at AS since FROM segment_members
       WHERE segment = @segment ORDER BY profile_id`,
    ),
  };
}

export type SignalReadStatements = ReturnType<typeof prepareSignalReads>;
