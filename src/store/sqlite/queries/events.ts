import type { Database } from 'better-sqlite3';
import type { EventSource, EventType, StoredEvent } from '../../../core/types.js';
import { packedProperties, unpackEvent } from '../../event-rows.js';
import { storableJson } from '../../safe-json.js';
import type { EventToInsert } from '../../store.js';
import { ChunkedStatement, placeholders } from '../chunked-statement.js';

/** Columns named as `StoredEvent` fields, so a row needs only its three JSON texts parsed. */
export const EVENT_COLUMNS = `seq, message_id AS messageId, type, event, profile_id AS profileId,
  user_id AS userId, anonymous_id AS anonymousId, group_id AS groupId, previous_id AS previousId,
  timestamp, original_timestamp AS originalTimestamp, sent_at AS sentAt,
  received_at AS receivedAt, properties, traits, context, source`;

export interface EventRow {
  seq: number;
  messageId: string;
  type: EventType;
  event: string | null;
  profileId: string;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  previousId: string | null;
  timestamp: number;
  originalTimestamp: number | null;
  sentAt: number | null;
  receivedAt: number;
  properties: string;
  traits: string;
  context: string;
  source: EventSource;
}

export function eventFromRow(row: EventRow): StoredEvent {
  return unpackEvent({
    ...row,
    properties: JSON.parse(row.properties),
    traits: JSON.parse(row.traits),
    context: JSON.parse(row.context),
  });
}

const EVENT_WIDTH = 16;

/** Appends one event's values to a chunk's parameter list, in the INSERT's column order. */
export function pushEventParams(params: unknown[], e: EventToInsert): void {
  params.push(
    e.messageId,
    e.type,
    e.event,
    e.profileId,
    e.userId,
    e.anonymousId,
    e.groupId,
    e.previousId,
    e.timestamp,
    e.originalTimestamp,
    e.sentAt,
    e.receivedAt,
    storableJson(packedProperties(e)),
    storableJson(e.traits),
    storableJson(e.context),
    e.source,
  );
}

/** Statements a write transaction runs (on the write connection, so it sees its own writes). */
export function prepareEventWrites(db: Database) {
  return {
    /**
     * No ON CONFLICT: the transaction has already dropped the known messageIds, under the write
     * lock, so a conflict here would be a bug and fails loudly. That also guarantees one
     * statement's rows get consecutive seqs, which is how they are known without RETURNING.
     */
    insert: new ChunkedStatement(
      db,
      (rows) =>
        `INSERT INTO events (message_id, type, event, profile_id, user_id, anonymous_id,
           group_id, previous_id, timestamp, original_timestamp, sent_at, received_at,
           properties, traits, context, source)
         VALUES ${placeholders(EVENT_WIDTH, rows)}`,
    ),
    exists: db.prepare<[string], { found: 1 }>(
      'SELECT 1 AS found FROM events WHERE message_id = ?',
    ),
    reassign: db.prepare<[string, string]>('UPDATE events SET profile_id = ? WHERE profile_id = ?'),
  };
}

export function prepareEventReads(db: Database) {
  return {
    recent: db.prepare<[string, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE profile_id = ? ORDER BY seq DESC LIMIT ?`,
    ),
    after: db.prepare<[number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
    exists: db.prepare<[string], { found: 1 }>(
      'SELECT 1 AS found FROM events WHERE message_id = ?',
    ),
  };
}

export type EventWrites = ReturnType<typeof prepareEventWrites>;
export type EventReads = ReturnType<typeof prepareEventReads>;
