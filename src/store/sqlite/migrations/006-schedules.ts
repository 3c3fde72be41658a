import type { Migration } from '../../migration.js';

/**
 * Schedule triggers (`schedule: '0 9 * * mon'`, in each user's time zone). `profile_zones` says
 * which profiles are in which time zone — only those with a `timezone` trait; a profile without a
 * row is in the workspace's default zone — so a schedule finds its users by zone, one page at a
 * time, without reading every profile. It is written only when a profile's zone changes, which
 * keeps it off the ingest path. The backfill takes the trait as it is; the runtime reads a zone
 * it does not know as the default one.
 *
 * `schedule_timers` has one durable timer per schedule-triggered journey and time zone in use:
 * due at `fire_at`, and while that moment is handed out page by page, `after_profile` is the last
 * profile done, so a restart goes on where it stopped.
 */
export const migration006Schedules: Migration = {
  id: '006-schedules',
  sql: `
CREATE TABLE profile_zones (
  profile_id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX profile_zones_zone ON profile_zones (time_zone, profile_id);

INSERT INTO profile_zones (profile_id, time_zone)
SELECT id, json_extract(doc, '$.traits.timezone') FROM profiles
WHERE json_type(doc, '$.traits.timezone') = 'text'
  AND length(json_extract(doc, '$.traits.timezone')) BETWEEN 1 AND 64;

CREATE TABLE schedule_timers (
  journey_id TEXT NOT NULL,
  -- The profiles it fires for: profile_zones.time_zone, or '' for those without a row.
  time_zone TEXT NOT NULL,
  -- What fire_at was computed from (the cron expression and the zone it is read in).
  rule TEXT NOT NULL,
  fire_at INTEGER NOT NULL,
  after_profile TEXT,
  PRIMARY KEY (journey_id, time_zone)
) STRICT, WITHOUT ROWID;

CREATE INDEX schedule_timers_due ON schedule_timers (fire_at, journey_id, time_zone);
`,
};
