import type { Database } from 'better-sqlite3';
import type { TimeKey } from '../../page-cursor.js';
import { storableJson } from '../../safe-json.js';
import { packPayload, TRIGGER_OF_RUN, unpackPayload } from '../../trigger-rows.js';
import type { MessageFilter, MessageRecord, RecentSendRecord } from '../../store.js';

/**
 * The payload with its run's trigger put back where it refers to it (trigger-rows.ts). Run ids
 * are unique: the subquery finds one row through the primary key.
 */
const PAYLOAD = `CASE WHEN json_extract(payload, '$.trigger') = '${TRIGGER_OF_RUN}'
  THEN json_set(payload, '$.trigger',
    json((SELECT json_extract(r.doc, '$.trigger') FROM journey_runs r WHERE r.id = run_id)))
  ELSE payload END AS payload`;

/**
 * The payload a write keeps: the one without the trigger when the run's row holds the same
 * (compared as stored, both packed by the same code), else the whole one.
 */
const PAYLOAD_TO_STORE = `CASE WHEN @runTrigger IS NOT NULL AND @runTrigger =
    (SELECT json_extract(r.doc, '$.trigger') FROM journey_runs r WHERE r.id = @runId)
  THEN @payloadByRun ELSE @payload END`;

/** Columns named as `MessageRecord` fields: a row needs its flag and payload converted. */
export const MESSAGE_COLUMNS = `id, profile_id AS profileId, journey_id AS journeyId, run_id AS runId,
  step_id AS stepId, channel, template, topic, transactional, priority, state, reason, attempts,
  provider_id AS providerId, due_at AS dueAt, lease_until AS leaseUntil,
  created_at AS createdAt, updated_at AS updatedAt, sent_at AS sentAt, ${PAYLOAD}`;

export interface MessageRow extends Omit<MessageRecord, 'transactional' | 'payload'> {
  transactional: number;
  payload: string;
}

export function messageFromRow(row: MessageRow): MessageRecord {
  return {
    ...row,
    transactional: row.transactional === 1,
    payload: unpackPayload(JSON.parse(row.payload)),
  };
}

export interface MessageParams extends MessageRow {
  payloadByRun: string | null;
  runTrigger: string | null;
}

export function messageParams(m: MessageRecord): MessageParams {
  const { full, byRun, trigger } = packPayload(m.payload, m.runId);
  return {
    ...m,
    transactional: m.transactional ? 1 : 0,
    payload: storableJson(full),
    payloadByRun: byRun && storableJson(byRun),
    runTrigger: trigger,
  };
}

export interface RecentSendRow extends Omit<RecentSendRecord, 'transactional'> {
  transactional: number;
}

/**
 * The delivery queue: word for word the WHERE of the partial index messages_due, which is how
 * SQLite knows that index applies. It is also named (INDEXED BY): without statistics SQLite
 * would rather seek the three states in messages_state and sort the whole backlog; and should
 * the index ever stop matching, preparing the statement fails when the store opens.
 */
const CLAIMABLE = `state IN ('queued', 'deferred', 'retrying')`;
const QUEUE = 'messages INDEXED BY messages_due';

interface ListParams {
  profile?: string | null;
  journey?: string | null;
  state?: string | null;
  at: number;
  id: string;
  limit: number;
}

/** Newest first from `(at, id)` on (page-cursor.ts, timeKeyAfter). */
const NEWEST_FIRST = `(created_at, id) < (@at, @id) ORDER BY created_at DESC, id DESC LIMIT @limit`;

export function prepareMessageWrites(db: Database) {
  return {
    insert: db.prepare<MessageParams>(
      `INSERT INTO messages (id, profile_id, journey_id, run_id, step_id, channel, template,
         topic, transactional, priority, state, reason, attempts, provider_id, due_at,
         lease_until, created_at, updated_at, sent_at, payload)
       VALUES (@id, @profileId, @journeyId, @runId, @stepId, @channel, @template, @topic,
         @transactional, @priority, @state, @reason, @attempts, @providerId, @dueAt,
         @leaseUntil, @createdAt, @updatedAt, @sentAt, ${PAYLOAD_TO_STORE})
       ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare<MessageParams>(
      `UPDATE messages SET profile_id = @profileId, journey_id = @journeyId, run_id = @runId,
         step_id = @stepId, channel = @channel, template = @template, topic = @topic,
         transactional = @transactional, priority = @priority, state = @state,
         reason = @reason, attempts = @attempts, provider_id = @providerId, due_at = @dueAt,
         lease_until = @leaseUntil, created_at = @createdAt, updated_at = @updatedAt,
         sent_at = @sentAt, payload = ${PAYLOAD_TO_STORE}
       WHERE id = @id`,
    ),
    requeue: db.prepare<{ id: string; now: number; reason: string }, MessageRow>(
      `UPDATE messages SET state = 'queued', reason = @reason, attempts = 0, due_at = @now,
         lease_until = NULL, updated_at = @now
       WHERE id = @id AND state IN ('dead', 'failed')
       RETURNING ${MESSAGE_COLUMNS}`,
    ),
    // No row locks needed: this transaction holds the database's only write lock.
    claimDue: db.prepare<[number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${QUEUE} WHERE ${CLAIMABLE} AND due_at <= ?
       ORDER BY due_at, id LIMIT ?`,
    ),
    expired: db.prepare<[number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE state = 'sending' AND lease_until < ?
       ORDER BY lease_until, id LIMIT ?`,
    ),
    recentSends: db.prepare<[string, number], RecentSendRow>(
      `SELECT profile_id AS profileId, sent_at AS at, channel, transactional, priority
       FROM messages WHERE state = 'sent' AND profile_id = ? AND sent_at >= ?
       ORDER BY sent_at`,
    ),
    reassign: db.prepare<[string, string]>(
      'UPDATE messages SET profile_id = ? WHERE profile_id = ?',
    ),
  };
}

/**
 * One listing per index: the most selective filter given picks the index (user, then journey,
 * then state) and the others are residual conditions on the few rows it yields.
 */
export function prepareMessageReads(db: Database) {
  return {
    get: db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
    // messages_provider: `provider_id = ?` implies its `provider_id IS NOT NULL`.
    byProvider: db.prepare<[string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE provider_id = ?
       ORDER BY created_at DESC LIMIT 1`,
    ),
    listByProfile: db.prepare<ListParams, MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE profile_id = @profile
       AND (@journey IS NULL OR journey_id = @journey) AND (@state IS NULL OR state = @state)
       AND ${NEWEST_FIRST}`,
    ),
    listByJourney: db.prepare<ListParams, MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE journey_id = @journey
       AND (@state IS NULL OR state = @state) AND ${NEWEST_FIRST}`,
    ),
    listByState: db.prepare<ListParams, MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE state = @state AND ${NEWEST_FIRST}`,
    ),
    listAll: db.prepare<ListParams, MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${NEWEST_FIRST}`,
    ),
    nextDue: db.prepare<[], { next: number | null }>(
      `SELECT min(due_at) AS next FROM ${QUEUE} WHERE ${CLAIMABLE}`,
    ),
  };
}

export type MessageWrites = ReturnType<typeof prepareMessageWrites>;
export type MessageReads = ReturnType<typeof prepareMessageReads>;

/** The listing for a filter: the statement of its index, and the values it names. */
export function listMessages(
  reads: MessageReads,
  filter: MessageFilter,
  after: TimeKey,
  limit: number,
): MessageRecord[] {
  const { profileId = null, journeyId = null, state = null } = filter;
  const params = { profile: profileId, journey: journeyId, state, ...after, limit };
  const statement =
    profileId !== null
      ? reads.listByProfile
      : journeyId !== null
        ? reads.listByJourney
        : state !== null
          ? reads.listByState
          : reads.listAll;
  return statement.all(params).map(messageFromRow);
}
