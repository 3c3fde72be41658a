import type { Migration } from '../../migration.js';

/**
 * Smaller storage for the whole path. Email copies deflated against a dictionary of the text
 * their template's copies share (src/store/message-copy-codec.ts): the dictionaries are stored
 * once, keyed by the hash of their bytes, and a copy names the one it was deflated against
 * (NULL: plain deflate, as every copy stored before this migration is).
 */
export const migration019CompactStorage: Migration = {
  id: '019-compact-storage',
  sql: `
ALTER TABLE message_copies ADD COLUMN dictionary TEXT;
CREATE TABLE message_copy_dictionaries (
  id TEXT PRIMARY KEY,
  body BLOB NOT NULL,
  used_at INTEGER NOT NULL
) STRICT;
`,
};
