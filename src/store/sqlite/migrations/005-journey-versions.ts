import type { Migration } from '../../migration.js';

/**
 * Every journey version's definition, so a run finishes on the version it started on after a
 * restart with a changed cairn.yaml, and a process can follow a run that another process (with
 * newer definitions) started. Written once per version (the version is a hash of the
 * definition, so a row never changes), read by key. A definition can be a few kilobytes: the
 * table keeps its rowid (see 003-journeys).
 */
export const migration005JourneyVersions: Migration = {
  id: '005-journey-versions',
  sql: `
CREATE TABLE journey_versions (
  journey_id TEXT NOT NULL,
  version TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (journey_id, version)
) STRICT;
`,
};
