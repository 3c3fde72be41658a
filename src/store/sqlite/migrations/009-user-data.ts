import type { Migration } from '../../migration.js';

/**
 * Data-subject rights and retention (docs/data-rights.md):
 * - suppressed_addresses: addresses never to be mailed again, by the sha256 of the normalized
 *   address, so the list outlives an erased user without keeping the address;
 * - erasures: the log of erasures, with no personal data (a hash of the erased profile id);
 * - events_timestamp: retention drops events by time without scanning the log.
 */
export const migration009UserData: Migration = {
  id: '009-user-data',
  sql: `
CREATE TABLE suppressed_addresses (
  address_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE erasures (
  id TEXT PRIMARY KEY,
  erased_at INTEGER NOT NULL,
  subject_hash TEXT NOT NULL,
  actor TEXT NOT NULL,
  doc TEXT NOT NULL
) STRICT;

CREATE INDEX erasures_time ON erasures (erased_at, id);

CREATE INDEX events_timestamp ON events (timestamp);
`,
};
