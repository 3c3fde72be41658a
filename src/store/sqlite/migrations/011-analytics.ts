import type { Migration } from '../../migration.js';

/**
 * The read side of analytics (src/analytics, queries/analytics.ts).
 *
 * `activity_days`: how many times each person did each thing on each UTC day, one row per
 * (profile, day, name), where the name is the profile counter's (a track call's event name,
 * `Viewed <name> Page` / `Screen` for page and screen calls). Retention and adoption read this
 * narrow table instead of scanning the event log, whose rows carry the JSON payloads. It is
 * kept exact by triggers in the same transaction as the event write: an insert adds one, an
 * identity merge (`reassignEvents`) moves the count to the surviving profile, a delete takes
 * it away. Cairn's own internal events (state changes, email engagement) are not activity.
 *
 * `events_internal`: state changes (`Activated`, `Stage Changed` …) and email engagement read
 * by name and time, a few rows per user, without touching the rest of the log.
 * `events_identify`: the identify calls, where a trait-rule conversion is first met.
 */
const ACTIVE = `source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL))`;
const NAME = (r: string) => `CASE ${r}.type
      WHEN 'track' THEN ${r}.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(${r}.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(${r}.event, '') || ' Screen', 'Loaded a Screen') END`;
// Floor division: the day of a time before 1970 is the day before, as in JavaScript.
const DAY = (r: string) =>
  `(${r}.timestamp - ((${r}.timestamp % 86400000) + 86400000) % 86400000) / 86400000`;
const when = (r: string) => ACTIVE.replace(/\b(source|type|event)\b/g, `${r}.$1`);

export const migration011Analytics: Migration = {
  id: '011-analytics',
  sql: `
CREATE TABLE activity_days (
  profile_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  name TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (profile_id, day, name)
) STRICT, WITHOUT ROWID;

INSERT INTO activity_days (profile_id, day, name, n)
  SELECT e.profile_id, ${DAY('e')}, ${NAME('e')}, count(*)
  FROM events e WHERE ${when('e')}
  GROUP BY 1, 2, 3;

CREATE TRIGGER activity_days_insert AFTER INSERT ON events
WHEN ${when('NEW')}
BEGIN
  INSERT INTO activity_days (profile_id, day, name, n)
    VALUES (NEW.profile_id, ${DAY('NEW')}, ${NAME('NEW')}, 1)
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER activity_days_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND ${when('NEW')}
BEGIN
  UPDATE activity_days SET n = n - 1
    WHERE profile_id = OLD.profile_id AND day = ${DAY('OLD')} AND name = ${NAME('OLD')};
  DELETE FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = ${DAY('OLD')} AND name = ${NAME('OLD')} AND n <= 0;
  INSERT INTO activity_days (profile_id, day, name, n)
    VALUES (NEW.profile_id, ${DAY('NEW')}, ${NAME('NEW')}, 1)
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER activity_days_delete AFTER DELETE ON events
WHEN ${when('OLD')}
BEGIN
  UPDATE activity_days SET n = n - 1
    WHERE profile_id = OLD.profile_id AND day = ${DAY('OLD')} AND name = ${NAME('OLD')};
  DELETE FROM activity_days
    WHERE profile_id = OLD.profile_id AND day = ${DAY('OLD')} AND name = ${NAME('OLD')} AND n <= 0;
END;

CREATE INDEX events_internal ON events (event, timestamp) WHERE source = 'internal';
CREATE INDEX events_identify ON events (timestamp) WHERE type = 'identify';
`,
};
