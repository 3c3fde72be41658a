import { FACT_COLUMNS, FACTS_FROM_EXCLUDED, factsRow } from '../../profile-facts.js';
import { named } from '../named-query.js';

const PROFILE_COLUMNS =
  'id, user_id AS "userId", first_seen AS "firstSeen", last_seen AS "lastSeen", doc';

/** $1 = prefix pattern (null: no query), $2 = infix pattern. ILIKE ignores case in Unicode. */
const MATCHES = `($1::text IS NULL
  OR id ILIKE $1 ESCAPE '\\' OR user_id ILIKE $1 ESCAPE '\\'
  OR email ILIKE $1 ESCAPE '\\' OR name ILIKE $2 ESCAPE '\\')`;

/**
 * The dashboard's filters (profile-filter.ts), after $1–$4 of the search: $5 segment,
 * $6 persona dimension, $7 persona, $8 milestones (a JSON array), $9 1 when in that order,
 * $10 activated (0/1), $11–$12 signup range, $13–$14 active days, $15 names that are not
 * activity (a JSON array), $16 1 when views are not activity, $17 journey, $18 step, $19 the
 * step state (reached, at or passed). Each condition holds when its value is null.
 */
const FILTERED = `($5::text IS NULL OR EXISTS (SELECT 1 FROM segment_members s
    WHERE s.segment = $5 AND s.profile_id = p.id))
  AND ($6::text IS NULL OR p.d -> 'state' -> 'personas' -> $6::text ->> 'persona' = $7::text)
  AND ($8::text IS NULL OR NOT EXISTS (SELECT 1 FROM json_array_elements_text($8::json) AS x(name)
    WHERE (p.d -> 'state' -> 'milestones' -> x.name) IS NULL))
  AND ($9::int = 0 OR $8::text IS NULL OR NOT EXISTS (SELECT 1
    FROM json_array_elements_text($8::json) WITH ORDINALITY AS a(name, i)
    JOIN json_array_elements_text($8::json) WITH ORDINALITY AS b(name, i) ON b.i = a.i + 1
    WHERE (p.d -> 'state' -> 'milestones' -> a.name ->> 'at')::numeric
      > (p.d -> 'state' -> 'milestones' -> b.name ->> 'at')::numeric))
  AND ($10::int IS NULL OR (coalesce(p.d #>> '{state,activation,status}' = 'activated', false))
    = ($10::int = 1))
  AND (($11::numeric IS NULL AND $12::numeric IS NULL) OR (p.user_id IS NOT NULL
    AND coalesce((p.d #>> '{state,signupAt}')::numeric, p.first_seen) >= coalesce($11, -9e15)
    AND coalesce((p.d #>> '{state,signupAt}')::numeric, p.first_seen) < coalesce($12, 9e15)))
  AND ($13::int IS NULL OR EXISTS (SELECT 1 FROM activity_days a
    WHERE a.profile_id = p.id AND a.day BETWEEN $13 AND $14::int
      AND NOT a.name IN (SELECT json_array_elements_text($15::json))
      AND NOT ($16::int = 1 AND (a.name LIKE 'Viewed % Page' OR a.name LIKE 'Viewed % Screen'
        OR a.name IN ('Loaded a Page', 'Loaded a Screen')))))
  AND ($17::text IS NULL OR EXISTS (SELECT 1 FROM journey_runs r
    WHERE r.profile_id = p.id AND r.journey_id = $17 AND CASE $19::text
      WHEN 'at' THEN r.status = 'active' AND r.doc -> 'waiting' ->> 'stepId' = $18::text
      ELSE EXISTS (SELECT 1 FROM json_array_elements(r.doc -> 'history') h
          WHERE CASE json_typeof(h) WHEN 'array' THEN h ->> 1 ELSE h ->> 'stepId' END = $18::text)
        AND ($19::text = 'reached' OR NOT (r.status = 'active'
          AND coalesce(r.doc -> 'waiting' ->> 'stepId' = $18::text, false))) END))`;

export const profileQueries = {
  get: named('get_profiles', `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = ANY($1::text[])`),
  /**
   * Parameters: bulk-columns.ts; the documents are one JSON array, kept as json text. The same
   * statement writes each identified profile's facts (src/store/profile-facts.ts; $10–$18, their
   * JSON columns one JSON array of [milestones, personas, first touch, firsts] per row), leaving a
   * row whose facts did not change as it is, and drops those of profiles without a user id ($9).
   */
  upsert: named(
    'put_profiles',
    `WITH written AS (
       INSERT INTO profiles (id, user_id, email, name, first_seen, last_seen, updated_at, doc)
       SELECT id, user_id, email, name, first_seen, last_seen, $7, doc
       FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
         unnest($4::text[]), unnest($5::bigint[]), unnest($6::bigint[]),
         json_array_elements($8::json)) AS t(id, user_id, email, name, first_seen, last_seen, doc)
       ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email,
         name = excluded.name, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
         updated_at = excluded.updated_at, doc = excluded.doc),
     anonymous AS (DELETE FROM profile_facts WHERE profile_id = ANY($9::text[]))
     INSERT INTO profile_facts AS f (${FACT_COLUMNS})
     SELECT id, first_seen, signup_at, status, activated_at, (j -> 0)::jsonb, (j -> 1)::jsonb,
       lifecycle, engagement, nullif((j -> 2)::jsonb, 'null'), account_id, (j -> 3)::jsonb
     FROM ROWS FROM (unnest($10::text[]), unnest($11::bigint[]), unnest($12::bigint[]),
       unnest($13::text[]), unnest($14::bigint[]), unnest($15::text[]), unnest($16::text[]),
       unnest($17::text[]), json_array_elements($18::json))
       AS t(id, first_seen, signup_at, status, activated_at, lifecycle, engagement, account_id, j)
     ON CONFLICT (profile_id) DO UPDATE SET ${FACTS_FROM_EXCLUDED}
     WHERE ${factsRow('f.')} IS DISTINCT FROM ${factsRow('excluded.')}`,
  ),
  /** A deleted profile takes what is derived from it along: state timer, segments, zone. */
  delete: named(
    'delete_profiles',
    `WITH timers AS (DELETE FROM state_timers WHERE profile_id = ANY($1::text[])),
     segments AS (DELETE FROM segment_members WHERE profile_id = ANY($1::text[])),
     zones AS (DELETE FROM profile_zones WHERE profile_id = ANY($1::text[]))
     DELETE FROM profiles WHERE id = ANY($1::text[])`,
  ),
  resolve: named(
    'resolve_profile_id',
    `SELECT coalesce((SELECT id FROM profiles WHERE id = $1),
       (SELECT profile_id FROM aliases WHERE from_id = $1)) AS id`,
  ),
  searchFirst: named(
    'search_profiles',
    `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE ${MATCHES} ORDER BY id LIMIT $3`,
  ),
  searchAfter: named(
    'search_profiles_after',
    `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id > $4 AND ${MATCHES} ORDER BY id LIMIT $3`,
  ),
  /** Parameters: $1–$3 as the search, $4 the cursor (null: first page), then FILTERED's. */
  filtered: named(
    'filter_profiles',
    `SELECT ${PROFILE_COLUMNS} FROM (SELECT *, doc::jsonb AS d FROM profiles) p
     WHERE ($4::text IS NULL OR id > $4) AND ${MATCHES} AND ${FILTERED}
     ORDER BY id LIMIT $3`,
  ),
  getAliases: named(
    'get_aliases',
    'SELECT from_id AS "fromId", profile_id AS "profileId" FROM aliases WHERE from_id = ANY($1::text[])',
  ),
  putAliases: named(
    'put_aliases',
    `INSERT INTO aliases (from_id, profile_id) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (from_id) DO UPDATE SET profile_id = excluded.profile_id`,
  ),
  /**
   * Run after `putAliases`, as its own statement so it sees the batch's aliases (chains within a
   * batch resolve too): aliases that pointed at a profile now merged away follow it, and the one
   * that would point at itself is dropped, so resolving an alias is always one hop. The two
   * parts touch disjoint rows, which is what lets them share a statement.
   */
  repointAliases: named(
    'repoint_aliases',
    `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(from_id, profile_id)),
     repointed AS (
       UPDATE aliases a SET profile_id = i.profile_id FROM input i
       WHERE a.profile_id = i.from_id AND a.from_id <> i.profile_id
       RETURNING 1)
     DELETE FROM aliases a USING input i
     WHERE a.from_id = i.profile_id AND a.profile_id = i.from_id`,
  ),
};
