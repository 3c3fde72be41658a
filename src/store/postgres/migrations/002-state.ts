import type { Migration } from '../../migration.js';

/**
 * Derived state that must be queried, not just read with its profile: when each profile's
 * time-based rules must next be re-checked (one timer row per profile, claimed by due time with
 * FOR UPDATE SKIP LOCKED so several sweepers share the work), and which profiles are in which
 * segment (listed and counted per segment).
 */
export const migration002State: Migration = {
  id: '002-state',
  sql: `
CREATE TABLE state_timers (
  profile_id text COLLATE "C" PRIMARY KEY,
  due_at bigint NOT NULL
);

CREATE INDEX state_timers_due ON state_timers (due_at, profile_id);

CREATE TABLE segment_members (
  segment text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  entered_at bigint NOT NULL,
  PRIMARY KEY (segment, profile_id)
);

CREATE INDEX segment_members_profile ON segment_members (profile_id);
`,
};
