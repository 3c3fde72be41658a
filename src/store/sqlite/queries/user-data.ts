import type { Database } from 'better-sqlite3';
import type { ErasedRows, ErasureRecord, SuppressedAddress } from '../../user-data-store.js';
import { EVENT_COLUMNS, type EventRow } from './events.js';

interface ErasureRow {
  id: string;
  erasedAt: number;
  subjectHash: string;
  actor: string;
  doc: string;
}

export function erasureFromRow(row: ErasureRow): ErasureRecord {
  const { doc, ...rest } = row;
  return { ...rest, rows: (JSON.parse(doc) as { rows: ErasedRows }).rows };
}

/** The statements both connections prepare: reads a transaction also makes under its lock. */
function prepareShared(db: Database) {
  return {
    profileEvents: db.prepare<[string, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE profile_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    /** The hashes to look up, as a JSON array. */
    suppressed: db.prepare<[string], { hash: string }>(
      `SELECT address_hash AS hash FROM suppressed_addresses
       WHERE address_hash IN (SELECT value FROM json_each(?))`,
    ),
  };
}

export function prepareUserDataWrites(db: Database) {
  const byProfile = (table: string, column = 'profile_id') =>
    db.prepare<[string]>(`DELETE FROM ${table} WHERE ${column} = ?`);
  return {
    ...prepareShared(db),
    erase: {
      profiles: byProfile('profiles', 'id'),
      aliases: byProfile('aliases'),
      events: byProfile('events'),
      messages: byProfile('messages'),
      runs: byProfile('journey_runs'),
      consents: byProfile('consents'),
      memberships: byProfile('memberships'),
    } satisfies Record<keyof ErasedRows, unknown>,
    suppress: db.prepare<SuppressedAddress>(
      `INSERT INTO suppressed_addresses (address_hash, reason, created_at)
       VALUES (@addressHash, @reason, @createdAt) ON CONFLICT (address_hash) DO NOTHING`,
    ),
    recordErasure: db.prepare<ErasureRow>(
      `INSERT INTO erasures (id, erased_at, subject_hash, actor, doc)
       VALUES (@id, @erasedAt, @subjectHash, @actor, @doc)`,
    ),
    dropEvents: db.prepare<[number, number]>(
      `DELETE FROM events WHERE seq IN
         (SELECT seq FROM events WHERE timestamp < ? ORDER BY timestamp LIMIT ?)`,
    ),
    withoutState: db.prepare<[string, number], { id: string }>(
      `SELECT id FROM profiles WHERE id > ?
         AND json_extract(doc, '$.state.definitionsVersion') IS NULL ORDER BY id LIMIT ?`,
    ),
  };
}

export function prepareUserDataReads(db: Database) {
  return {
    ...prepareShared(db),
    aliasesOf: db.prepare<[string], { id: string }>(
      'SELECT from_id AS id FROM aliases WHERE profile_id = ? ORDER BY from_id',
    ),
    erasures: db.prepare<{ at: number; id: string; limit: number }, ErasureRow>(
      `SELECT id, erased_at AS erasedAt, subject_hash AS subjectHash, actor, doc FROM erasures
       WHERE (erased_at, id) < (@at, @id) ORDER BY erased_at DESC, id DESC LIMIT @limit`,
    ),
  };
}

export function erasureParams(record: ErasureRecord): ErasureRow {
  const { rows, ...rest } = record;
  return { ...rest, doc: JSON.stringify({ rows }) };
}

export type UserDataWriteStatements = ReturnType<typeof prepareUserDataWrites>;
