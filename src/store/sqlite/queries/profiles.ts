import type { Database } from 'better-sqlite3';
import type { Profile } from '../../../core/types.js';
import { profileFromRow } from '../../documents.js';
import type { filterValues } from '../../profile-filter.js';
import { FACT_COLUMNS, FACTS_FROM_EXCLUDED, factsRow } from '../../profile-facts.js';
import { ChunkedStatement, placeholders } from '../chunked-statement.js';

const PROFILE_COLUMNS =
  'id, user_id AS userId, first_seen AS firstSeen, last_seen AS lastSeen, doc';

export interface ProfileRecord {
  id: string;
  userId: string | null;
  firstSeen: number;
  lastSeen: number;
  doc: string;
}

export function profileFromRecord(r: ProfileRecord): Profile {
  return profileFromRow(r.id, r.userId, r.firstSeen, r.lastSeen, JSON.parse(r.doc));
}

/** Search: the start of id, userId or email, or any part of the name. SQLite's LIKE ignores
 * case for ASCII letters only; PostgreSQL's ILIKE for all of Unicode. */
const MATCHES = `(@query IS NULL
  OR id LIKE @prefix ESCAPE '\\' OR user_id LIKE @prefix ESCAPE '\\'
  OR email LIKE @prefix ESCAPE '\\' OR name LIKE @infix ESCAPE '\\')`;

/**
 * The dashboard's filters (profile-filter.ts); each condition holds when its value is null. The
 * signup and activation of an identified profile are read from `profile_facts` (its narrow copy
 * of the document, written beside each profile write: profile-facts.ts), so a filtered scan
 * parses no document for them; an anonymous profile has no facts row and is read from its
 * document.
 */
const FILTERED = `(@segment IS NULL OR EXISTS (SELECT 1 FROM segment_members s
    WHERE s.segment = @segment AND s.profile_id = profiles.id))
  AND (@dimension IS NULL OR EXISTS (SELECT 1 FROM json_each(doc, '$.state.personas') x
    WHERE x.key = @dimension AND json_extract(x.value, '$.persona') = @persona))
  AND (@milestones IS NULL OR (SELECT count(*) FROM json_each(doc, '$.state.milestones') m
    WHERE m.key IN (SELECT value FROM json_each(@milestones)))
    = (SELECT count(DISTINCT value) FROM json_each(@milestones)))
  AND (@inOrder = 0 OR @milestones IS NULL OR NOT EXISTS (SELECT 1
    FROM json_each(@milestones) a JOIN json_each(@milestones) b ON b.key = a.key + 1
    WHERE json_extract(doc, '$.state.milestones.' || json_quote(a.value) || '.at')
      > json_extract(doc, '$.state.milestones.' || json_quote(b.value) || '.at')))
  AND ((@signupFrom IS NULL AND @signupTo IS NULL) OR (user_id IS NOT NULL
    AND (SELECT coalesce(f.signup_at, f.first_seen) FROM profile_facts f
      WHERE f.profile_id = profiles.id) >= coalesce(@signupFrom, -9e15)
    AND (SELECT coalesce(f.signup_at, f.first_seen) FROM profile_facts f
      WHERE f.profile_id = profiles.id) < coalesce(@signupTo, 9e15)))
  AND (@activated IS NULL OR coalesce(CASE WHEN user_id IS NOT NULL
      THEN (SELECT f.activation_status FROM profile_facts f WHERE f.profile_id = profiles.id)
      ELSE json_extract(doc, '$.state.activation.status') END = 'activated', 0) = @activated)
  AND (@activeFrom IS NULL OR EXISTS (SELECT 1 FROM activity_days a
    WHERE a.profile_id = profiles.id AND a.day BETWEEN @activeFrom AND @activeTo
      AND a.name NOT IN (SELECT value FROM json_each(@activeExclude))
      AND NOT (@activeNoViews = 1 AND (a.name GLOB 'Viewed * Page' OR a.name GLOB 'Viewed * Screen'
        OR a.name IN ('Loaded a Page', 'Loaded a Screen')))))
  AND (@journey IS NULL OR EXISTS (SELECT 1 FROM journey_runs r
    WHERE r.profile_id = profiles.id AND r.journey_id = @journey AND CASE @stepState
      WHEN 'at' THEN r.status = 'active' AND json_extract(r.doc, '$.waiting.stepId') = @step
      ELSE EXISTS (SELECT 1 FROM json_each(r.doc, '$.history') h
          WHERE CASE json_type(h.value) WHEN 'array' THEN json_extract(h.value, '$[1]')
            ELSE json_extract(h.value, '$.stepId') END = @step)
        AND (@stepState = 'reached' OR NOT (r.status = 'active'
          AND coalesce(json_extract(r.doc, '$.waiting.stepId') = @step, 0))) END))`;

export interface FilterParams extends ReturnType<typeof filterValues> {
  query: string | null;
  prefix: string | null;
  infix: string | null;
  after: string | null;
  limit: number;
}

export interface SearchParams {
  query: string | null;
  prefix: string | null;
  infix: string | null;
  after?: string;
  limit: number;
}

export function prepareProfileWrites(db: Database) {
  return {
    get: db.prepare<[string], ProfileRecord>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = ?`,
    ),
    // Several copies of one id in a statement are fine here: each row upserts over the last.
    upsert: new ChunkedStatement(
      db,
      (rows) =>
        `INSERT INTO profiles (id, user_id, email, name, first_seen, last_seen, updated_at, doc)
         VALUES ${placeholders(8, rows)}
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email,
           name = excluded.name, first_seen = excluded.first_seen,
           last_seen = excluded.last_seen, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    delete: db.prepare<[string]>('DELETE FROM profiles WHERE id = ?'),
    /** Each identified profile's facts (src/store/profile-facts.ts) after its write; a row
     * whose facts did not change (most writes: a counter, a time last seen) is left as it is. */
    putFacts: new ChunkedStatement(
      db,
      (rows) =>
        `INSERT INTO profile_facts (${FACT_COLUMNS}) VALUES ${placeholders(12, rows)}
         ON CONFLICT (profile_id) DO UPDATE SET ${FACTS_FROM_EXCLUDED}
         WHERE ${factsRow('')} IS NOT ${factsRow('excluded.')}`,
    ),
    /** A profile written without a user id has no facts. */
    dropFacts: db.prepare<[string]>('DELETE FROM profile_facts WHERE profile_id = ?'),
    getAlias: db.prepare<[string], { profileId: string }>(
      'SELECT profile_id AS profileId FROM aliases WHERE from_id = ?',
    ),
    putAlias: db.prepare<[string, string]>(
      `INSERT INTO aliases (from_id, profile_id) VALUES (?, ?)
       ON CONFLICT (from_id) DO UPDATE SET profile_id = excluded.profile_id`,
    ),
    // An alias that pointed at a profile now merged away follows it (`to` = the new target),
    // except the one that would point at itself, which is dropped: resolution stays one hop.
    repointAliases: db.prepare<{ from: string; to: string }>(
      'UPDATE aliases SET profile_id = @to WHERE profile_id = @from AND from_id <> @to',
    ),
    dropSelfAlias: db.prepare<{ from: string; to: string }>(
      'DELETE FROM aliases WHERE from_id = @to AND profile_id = @from',
    ),
  };
}

export function prepareProfileReads(db: Database) {
  return {
    get: db.prepare<[string], ProfileRecord>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = ?`,
    ),
    // One row: the id itself when it is a profile, else its alias target.
    resolve: db.prepare<{ id: string }, { id: string | null }>(
      `SELECT coalesce((SELECT id FROM profiles WHERE id = @id),
         (SELECT profile_id FROM aliases WHERE from_id = @id)) AS id`,
    ),
    searchFirst: db.prepare<SearchParams, ProfileRecord>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE ${MATCHES} ORDER BY id LIMIT @limit`,
    ),
    searchAfter: db.prepare<SearchParams, ProfileRecord>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id > @after AND ${MATCHES}
       ORDER BY id LIMIT @limit`,
    ),
    filtered: db.prepare<FilterParams, ProfileRecord>(
      `SELECT ${PROFILE_COLUMNS} FROM profiles
       WHERE (@after IS NULL OR id > @after) AND ${MATCHES} AND ${FILTERED}
       ORDER BY id LIMIT @limit`,
    ),
  };
}

export type ProfileWrites = ReturnType<typeof prepareProfileWrites>;
export type ProfileReads = ReturnType<typeof prepareProfileReads>;
