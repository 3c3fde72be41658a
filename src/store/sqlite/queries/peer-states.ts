import type { Database } from 'better-sqlite3';

/**
 * Peer comparisons' reads of every identified user (peer-states.ts). The parts are extracted
 * with one call, so SQLite parses each document once, and handed over as one JSON array:
 * [first account, state format, game metrics, game badges, milestones].
 */
const COLUMNS = `id, json_extract(doc, '$.accounts[0]', '$.state.v', '$.state.game.metrics',
  '$.state.game.badges', '$.state.milestones') AS parts`;

export interface PeerStateRecord {
  id: string;
  parts: string;
}

export function preparePeerStateReads(db: Database) {
  return {
    first: db.prepare<{ limit: number }, PeerStateRecord>(
      `SELECT ${COLUMNS} FROM profiles WHERE user_id IS NOT NULL ORDER BY id LIMIT @limit`,
    ),
    after: db.prepare<{ after: string; limit: number }, PeerStateRecord>(
      `SELECT ${COLUMNS} FROM profiles WHERE user_id IS NOT NULL AND id > @after
       ORDER BY id LIMIT @limit`,
    ),
  };
}
