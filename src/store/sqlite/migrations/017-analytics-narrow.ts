import type { Migration } from '../../migration.js';

/**
 * Two narrow pre-aggregates for the analytics queries that read the most rows.
 *
 * `active_days`: one row per profile and UTC day with at least one "meaningful" activity: a
 * name of `activity_days` that is not a page or screen view and not one of
 * `ACTIVE_DAYS_LEFT_OUT` (analytics' default activity, src/analytics/activity-definition.ts),
 * with the least and greatest such name of that day (`lo`, `hi`). The default activity also
 * leaves out the signup event named in cairn.yaml, which a migration cannot know: a day counts
 * for it unless its only meaningful name is the signup event (`lo = hi = signup`). Retention
 * reads one row per user and active day here, with no test of names, instead of one row per
 * user, day and name of `activity_days`. It is kept exact from `activity_days` by triggers in
 * the same transaction: a new name of a day widens `lo`…`hi`; a name that leaves a day (merge,
 * deletion) makes the day's row be counted again from `activity_days`.
 *
 * `stage_changes`: the `Stage Changed` state changes (kind, from, to) by kind, profile and
 * time, out of their JSON properties. Lifecycle over time and the stage at a date read these
 * few columns in the order they need (each profile's changes of a kind in time order) instead
 * of the internal events' properties. Kept by triggers on the event log: an insert adds one, an
 * identity merge moves it, a delete takes it away.
 */

/** The names the default activity leaves out besides views, as of this migration. */
export const ACTIVE_DAYS_LEFT_OUT = [
  'Logged In',
  'Logged Out',
  'Signed In',
  'Signed Out',
  'Login',
  'Logout',
  'Session Started',
  'Application Opened',
  'Application Backgrounded',
];

const MEANINGFUL = (name: string) => `NOT (${name} GLOB 'Viewed * Page'
    OR ${name} GLOB 'Viewed * Screen' OR ${name} IN ('Loaded a Page', 'Loaded a Screen')
    OR ${name} IN (${ACTIVE_DAYS_LEFT_OUT.map((n) => `'${n}'`).join(', ')}))`;

const STAGE = (r: string) => `${r}.source = 'internal' AND ${r}.event = 'Stage Changed'
    AND json_type(${r}.properties, '$.kind') = 'text'`;
const STAGE_ROW = (r: string) => `${r}.profile_id, json_extract(${r}.properties, '$.kind'),
    ${r}.timestamp, ${r}.seq, json_extract(${r}.properties, '$.from'),
    json_extract(${r}.properties, '$.to')`;

export const migration017AnalyticsNarrow: Migration = {
  id: '017-analytics-narrow',
  sql: `
CREATE TABLE active_days (
  profile_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  lo TEXT NOT NULL,
  hi TEXT NOT NULL,
  PRIMARY KEY (profile_id, day)
) STRICT, WITHOUT ROWID;

INSERT INTO active_days (profile_id, day, lo, hi)
  SELECT profile_id, day, min(name), max(name) FROM activity_days
  WHERE ${MEANINGFUL('name')} GROUP BY profile_id, day;

-- An upsert of activity_days fires this only when it inserts: a name new to the day.
CREATE TRIGGER active_days_insert AFTER INSERT ON activity_days
WHEN ${MEANINGFUL('NEW.name')}
BEGIN
  INSERT INTO active_days (profile_id, day, lo, hi) VALUES (NEW.profile_id, NEW.day, NEW.name, NEW.name)
    ON CONFLICT (profile_id, day) DO UPDATE SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);
END;

CREATE TRIGGER active_days_delete AFTER DELETE ON activity_days
WHEN ${MEANINGFUL('OLD.name')}
BEGIN
  DELETE FROM active_days WHERE profile_id = OLD.profile_id AND day = OLD.day;
  INSERT INTO active_days (profile_id, day, lo, hi)
    SELECT profile_id, day, min(name), max(name) FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = OLD.day AND ${MEANINGFUL('name')}
    GROUP BY profile_id, day;
END;

CREATE TABLE stage_changes (
  kind TEXT NOT NULL,
  profile_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "from" TEXT,
  "to" TEXT,
  PRIMARY KEY (kind, profile_id, at, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO stage_changes (profile_id, kind, at, seq, "from", "to")
  SELECT ${STAGE_ROW('e')} FROM events e WHERE ${STAGE('e')};

CREATE TRIGGER stage_changes_insert AFTER INSERT ON events
WHEN ${STAGE('NEW')}
BEGIN
  INSERT INTO stage_changes (profile_id, kind, at, seq, "from", "to") VALUES (${STAGE_ROW('NEW')});
END;

CREATE TRIGGER stage_changes_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND ${STAGE('NEW')}
BEGIN
  UPDATE stage_changes SET profile_id = NEW.profile_id
    WHERE kind = json_extract(NEW.properties, '$.kind') AND profile_id = OLD.profile_id
      AND at = NEW.timestamp AND seq = NEW.seq;
END;

CREATE TRIGGER stage_changes_delete AFTER DELETE ON events
WHEN ${STAGE('OLD')}
BEGIN
  DELETE FROM stage_changes WHERE kind = json_extract(OLD.properties, '$.kind')
    AND profile_id = OLD.profile_id AND at = OLD.timestamp AND seq = OLD.seq;
END;
`,
};
