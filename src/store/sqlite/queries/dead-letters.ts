import type { Database } from 'better-sqlite3';
import type { DeadLetter } from '../../dead-letters.js';

const COLUMNS = 'id, message_id AS messageId, at, error, event';

export function prepareDeadLetterWrites(db: Database) {
  return {
    insert: db.prepare<DeadLetter>(
      `INSERT INTO dead_letters (id, message_id, at, error, event)
       VALUES (@id, @messageId, @at, @error, @event) ON CONFLICT (id) DO NOTHING`,
    ),
  };
}

export function prepareDeadLetterReads(db: Database) {
  return {
    list: db.prepare<{ at: number; id: string; limit: number }, DeadLetter>(
      `SELECT ${COLUMNS} FROM dead_letters WHERE (at, id) < (@at, @id)
       ORDER BY at DESC, id DESC LIMIT @limit`,
    ),
  };
}

export type DeadLetterWriteStatements = ReturnType<typeof prepareDeadLetterWrites>;
export type DeadLetterReadStatements = ReturnType<typeof prepareDeadLetterReads>;
