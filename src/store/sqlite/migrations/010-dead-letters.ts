import type { Migration } from '../../migration.js';

/** Events that passed validation but could not be applied (store/dead-letters.ts). */
export const migration010DeadLetters: Migration = {
  id: '010-dead-letters',
  sql: `
CREATE TABLE dead_letters (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  error TEXT NOT NULL,
  event TEXT NOT NULL
) STRICT;

CREATE INDEX dead_letters_at ON dead_letters (at, id);
`,
};
