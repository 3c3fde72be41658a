import type { Migration } from '../../migration.js';

/**
 * Every journey version's definition, so a run finishes on the version it started on after a
 * restart with a changed cairn.yaml, and a process can follow a run that another process (with
 * newer definitions) started. Written once per version (the version is a hash of the
 * definition, so a row never changes), read by key. The definition is json, read whole.
 */
export const migration005JourneyVersions: Migration = {
  id: '005-journey-versions',
  sql: `
CREATE TABLE journey_versions (
  journey_id text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  definition json NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (journey_id, version)
);
`,
};
