import { named } from '../named-query.js';
import { EVENT_COLUMNS } from './events.js';

const ERASURE_COLUMNS = `id, erased_at AS "erasedAt", subject_hash AS "subjectHash", actor, doc`;

export const userDataQueries = {
  profileEvents: named(
    'profile_events',
    `SELECT ${EVENT_COLUMNS} FROM events WHERE profile_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  ),
  suppressed: named(
    'suppressed_addresses',
    `SELECT address_hash AS hash FROM suppressed_addresses WHERE address_hash = ANY($1::text[])`,
  ),
  aliasesOf: named(
    'aliases_of_profile',
    'SELECT from_id AS id FROM aliases WHERE profile_id = $1 ORDER BY from_id',
  ),
  /** Every row under one profile id, one statement; the counts say what each table lost. */
  erase: named(
    'erase_profile',
    `WITH p AS (DELETE FROM profiles WHERE id = $1 RETURNING 1),
     t AS (DELETE FROM state_timers WHERE profile_id = $1),
     s AS (DELETE FROM segment_members WHERE profile_id = $1),
     z AS (DELETE FROM profile_zones WHERE profile_id = $1),
     a AS (DELETE FROM aliases WHERE profile_id = $1 RETURNING 1),
     e AS (DELETE FROM events WHERE profile_id = $1 RETURNING 1),
     m AS (DELETE FROM messages WHERE profile_id = $1 RETURNING 1),
     r AS (DELETE FROM journey_runs WHERE profile_id = $1 RETURNING 1),
     c AS (DELETE FROM consents WHERE profile_id = $1 RETURNING 1),
     b AS (DELETE FROM memberships WHERE profile_id = $1 RETURNING 1)
     SELECT (SELECT count(*) FROM p)::int AS profiles, (SELECT count(*) FROM a)::int AS aliases,
       (SELECT count(*) FROM e)::int AS events, (SELECT count(*) FROM m)::int AS messages,
       (SELECT count(*) FROM r)::int AS runs, (SELECT count(*) FROM c)::int AS consents,
       (SELECT count(*) FROM b)::int AS memberships`,
  ),
  suppress: named(
    'suppress_addresses',
    `INSERT INTO suppressed_addresses (address_hash, reason, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (address_hash) DO NOTHING`,
  ),
  recordErasure: named(
    'record_erasure',
    `INSERT INTO erasures (id, erased_at, subject_hash, actor, doc)
     VALUES ($1, $2, $3, $4, $5::json)`,
  ),
  erasures: named(
    'list_erasures',
    `SELECT ${ERASURE_COLUMNS} FROM erasures WHERE (erased_at, id) < ($1, $2)
     ORDER BY erased_at DESC, id DESC LIMIT $3`,
  ),
  dropEvents: named(
    'drop_events_before',
    `DELETE FROM events WHERE seq IN
       (SELECT seq FROM events WHERE "timestamp" < $1 ORDER BY "timestamp" LIMIT $2)`,
  ),
  withoutState: named(
    'profiles_without_state',
    `SELECT id FROM profiles WHERE id > $1
       AND doc -> 'state' ->> 'definitionsVersion' IS NULL ORDER BY id LIMIT $2`,
  ),
};
