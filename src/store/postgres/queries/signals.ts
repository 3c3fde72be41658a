import { named } from '../named-query.js';

/** An activity event as the profile counts it (the same test and name as `activity_days`). */
const ACTIVE = `e.source <> 'internal'
  AND (e.type IN ('page', 'screen') OR (e.type = 'track' AND e.event IS NOT NULL))`;
const NAME = `CASE e.type
      WHEN 'track' THEN e.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(e.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(e.event, '') || ' Screen', 'Loaded a Screen') END`;

/** The reads of the signals (see src/store/signals-store.ts). */
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
   * Parameter: the horizon after signup (ms). Each identified profile's `profile_facts` row,
   * then its activity events through `events_activity` (migration 015).
   */
  earlyActions: named(
    'signal_early_actions',
    `SELECT e.profile_id AS "profileId", ${NAME} AS name, e."timestamp" AS at
     FROM profile_facts f
     JOIN events e ON e.profile_id = f.profile_id
     WHERE ${ACTIVE} AND e."timestamp" <= coalesce(f.signup_at, f.first_seen) + $1::bigint
     ORDER BY e.profile_id, e."timestamp", e.seq`,
  ),
  /** Parameters: from day, to day, names (text[]). */
  activityCounts: named(
    'signal_activity_counts',
    `SELECT profile_id AS "profileId", day, name, n FROM activity_days
     WHERE day BETWEEN $1 AND $2 AND name = ANY($3::text[])`,
  ),
  segmentMembers: named(
    'signal_segment_members',
    `SELECT profile_id AS "profileId", entered_at AS since FROM segment_members
     WHERE segment = $1 ORDER BY profile_id`,
  ),
};
