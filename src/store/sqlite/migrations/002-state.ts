import type { Migration } from '../../migration.js';

/**
 * Derived state that must be queried, not just read with its profile: when each profile's
 * time-based rules must next be re-checked (one timer row per profile, found by due time), and
 * which profiles are in which segment (listed and counted per segment).
 */
export const migration002State: Migration = {
  id: '002-state',
  sql: `
CREATE TABLE state_timers (
  profile_id TEXT PRIMARY KEY,
  due_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX state_timers_due ON state_timers (due_at, profile_id);

CREATE TABLE segment_members (
  segment TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  PRIMARY KEY (segment, profile_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX segment_members_profile ON segment_members (profile_id);
`,
};
