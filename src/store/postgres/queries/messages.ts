import type { TimeKey } from '../../page-cursor.js';
import type { MessageFilter } from '../../store.js';
import { TRIGGER_OF_RUN } from '../../trigger-rows.js';
import { named, type NamedQuery } from '../named-query.js';

/**
 * The payload, and its run's trigger where the payload refers to it (trigger-rows.ts,
 * unpackPayloads puts it in place: json keeps the text as written, jsonb_set would not).
 */
const PAYLOAD = `payload, CASE WHEN payload ->> 'trigger' = '${TRIGGER_OF_RUN}'
  THEN (SELECT r.doc -> 'trigger' FROM journey_runs r WHERE r.id = run_id) END AS "runTrigger"`;

/**
 * The payload a write keeps, from the input row t (journey-columns.ts, messageColumns): the one
 * without the trigger when the run's row holds the same, else the whole one.
 */
const PAYLOAD_TO_STORE = `CASE WHEN t.payload ->> 't' IS NOT NULL AND (t.payload ->> 't')::jsonb =
    (SELECT (r.doc -> 'trigger')::jsonb FROM journey_runs r WHERE r.id = t.run_id)
  THEN t.payload -> 'r' ELSE t.payload -> 'p' END`;

/** Columns named as `MessageRecord` fields: with the json, bool and int8 parsers a row is one. */
export const MESSAGE_COLUMNS = `id, profile_id AS "profileId", journey_id AS "journeyId",
  run_id AS "runId", step_id AS "stepId", channel, template, topic, transactional, priority,
  state, reason, attempts, provider_id AS "providerId", due_at AS "dueAt",
  lease_until AS "leaseUntil", created_at AS "createdAt", updated_at AS "updatedAt",
  sent_at AS "sentAt", ${PAYLOAD}`;

/** The rows of a batch (parameters $1–$20: journey-columns.ts, messageColumns). */
const MESSAGE_INPUT = `ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
  unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), unnest($7::text[]),
  unnest($8::text[]), unnest($9::boolean[]), unnest($10::text[]), unnest($11::text[]),
  unnest($12::text[]), unnest($13::integer[]), unnest($14::text[]), unnest($15::bigint[]),
  unnest($16::bigint[]), unnest($17::bigint[]), unnest($18::bigint[]), unnest($19::bigint[]),
  json_array_elements($20::json))`;
const MESSAGE_FIELDS = `id, profile_id, journey_id, run_id, step_id, channel, template, topic,
  transactional, priority, state, reason, attempts, provider_id, due_at, lease_until,
  created_at, updated_at, sent_at, payload`;

/** What an insert takes from its input row t, field by field (the payload: PAYLOAD_TO_STORE). */
const MESSAGE_VALUES = MESSAGE_FIELDS.replace(/payload$/, PAYLOAD_TO_STORE);

/**
 * The delivery queue, spelled as the WHERE of the partial index messages_due. Constants, not
 * parameters: the planner must see them to prove that index applies (also in generic plans).
 */
const CLAIMABLE = `state IN ('queued', 'deferred', 'retrying')`;

/** Newest first from the key ($a, $b) on; see page-cursor.ts (timeKeyAfter). */
const newestFirst = (at: number, id: number, limit: number) =>
  `(created_at, id) < ($${at}, $${id}) ORDER BY created_at DESC, id DESC LIMIT $${limit}`;

export const messageQueries = {
  /** As create_runs: input order, the first of two equal ids wins, RETURNING the new ones. */
  insert: named(
    'insert_messages',
    `INSERT INTO messages (${MESSAGE_FIELDS})
     SELECT ${MESSAGE_VALUES} FROM ${MESSAGE_INPUT} WITH ORDINALITY AS t(${MESSAGE_FIELDS}, ord)
     ORDER BY ord
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
  ),
  /** One row per id (the caller keeps the last). */
  update: named(
    'update_messages',
    `UPDATE messages m SET profile_id = t.profile_id, journey_id = t.journey_id,
       run_id = t.run_id, step_id = t.step_id, channel = t.channel, template = t.template,
       topic = t.topic, transactional = t.transactional, priority = t.priority,
       state = t.state, reason = t.reason, attempts = t.attempts,
       provider_id = t.provider_id, due_at = t.due_at, lease_until = t.lease_until,
       created_at = t.created_at, updated_at = t.updated_at, sent_at = t.sent_at,
       payload = ${PAYLOAD_TO_STORE}
     FROM ${MESSAGE_INPUT} AS t(${MESSAGE_FIELDS})
     WHERE m.id = t.id`,
  ),
  requeue: named(
    'requeue_message',
    `UPDATE messages SET state = 'queued', reason = $3, attempts = 0, due_at = $2,
       lease_until = NULL, updated_at = $2
     WHERE id = $1 AND state IN ('dead', 'failed')
     RETURNING ${MESSAGE_COLUMNS}`,
  ),
  /** Rows stay locked until the transaction ends; rows another worker holds are skipped. */
  claimDue: named(
    'claim_due_messages',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${CLAIMABLE} AND due_at <= $1
     ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
  ),
  expired: named(
    'expired_sends',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE state = 'sending' AND lease_until < $1
     ORDER BY lease_until, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
  ),
  recentSends: named(
    'recent_sends',
    `SELECT profile_id AS "profileId", sent_at AS at, channel, transactional, priority
     FROM messages WHERE state = 'sent' AND profile_id = ANY($1::text[]) AND sent_at >= $2
     ORDER BY profile_id, sent_at`,
  ),
  reassign: named('reassign_messages', 'UPDATE messages SET profile_id = $2 WHERE profile_id = $1'),
  get: named('get_message', `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`),
  byProvider: named(
    'find_message_by_provider_id',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE provider_id = $1
     ORDER BY created_at DESC LIMIT 1`,
  ),
  /**
   * One listing per index: the most selective filter given picks it (user, then journey, then
   * state) and the others are residual conditions on the few rows it yields.
   */
  listByProfile: named(
    'list_messages_of_profile',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE profile_id = $1
     AND ($2::text IS NULL OR journey_id = $2) AND ($3::text IS NULL OR state = $3)
     AND ${newestFirst(4, 5, 6)}`,
  ),
  listByJourney: named(
    'list_messages_of_journey',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE journey_id = $1
     AND ($2::text IS NULL OR state = $2) AND ${newestFirst(3, 4, 5)}`,
  ),
  listByState: named(
    'list_messages_in_state',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE state = $1 AND ${newestFirst(2, 3, 4)}`,
  ),
  listAll: named(
    'list_messages',
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${newestFirst(1, 2, 3)}`,
  ),
  nextDue: named('next_message_due', `SELECT min(due_at) AS next FROM messages WHERE ${CLAIMABLE}`),
};

/** The listing for a filter with its values, in the order its SQL numbers them. */
export function messageListing(
  filter: MessageFilter,
  after: TimeKey,
  limit: number,
): [NamedQuery, unknown[]] {
  const page = [after.at, after.id, limit];
  const { profileId, journeyId = null, state = null } = filter;
  if (profileId !== undefined) {
    return [messageQueries.listByProfile, [profileId, journeyId, state, ...page]];
  }
  if (journeyId !== null) return [messageQueries.listByJourney, [journeyId, state, ...page]];
  if (state !== null) return [messageQueries.listByState, [state, ...page]];
  return [messageQueries.listAll, page];
}
