import type { Migration } from '../../migration.js';

/**
 * `early_hours`: each identified profile's activity of its first 14 days, narrow: one row per
 * (profile, activity name, hour after signup) with how many times. The hour is ceil((time −
 * signup) / 1 h), 0 at or before signup (earlier events included), up to 336; the signup is
 * analytics' (`state.signupAt`, first seen without one: `profile_facts`); the names and the
 * events counted are `activity_days`' (track calls, page and screen views; Cairn's internal
 * events left out). The signals' 48-hour split, action scan and audit behaviors read these rows
 * (src/store/signals-store.ts `earlyHours`) instead of every event of every user's first days.
 *
 * Kept exact by triggers in the same transaction as each write: an event insert adds one when
 * its profile is identified and the event falls in the first 14 days (late or out of order
 * alike), an identity merge moves it, a delete (erasure, retention) takes it away; a profile
 * that becomes identified, or whose signup changes (learnt after its events, or corrected), has
 * its rows counted again from its events (one range of `events_activity`); a profile that is no
 * longer identified or is deleted has none.
 */
const ACTIVE = (r: string) => `${r}.source <> 'internal'
  AND (${r}.type IN ('page', 'screen') OR (${r}.type = 'track' AND ${r}.event IS NOT NULL))`;
const NAME = (r: string) => `CASE ${r}.type
      WHEN 'track' THEN ${r}.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(${r}.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(${r}.event, '') || ' Screen', 'Loaded a Screen') END`;
const SIGNUP = (f: string) => `coalesce(${f}.signup_at, ${f}.first_seen)`;
/** Whether event r is among profile f's first 14 days (336 h), and its hour after signup. */
const EARLY = (r: string, f: string) => `${r}.timestamp <= ${SIGNUP(f)} + 1209600000`;
const HOUR = (r: string, f: string) =>
  `max(0, (${r}.timestamp - ${SIGNUP(f)} + 3599999) / 3600000)`;

/** Profile `id`'s rows counted from its events (all profiles with `true`). */
const FILL = (where: string) => `INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT e.profile_id, ${NAME('e')}, ${HOUR('e', 'f')}, count(*)
    FROM profile_facts f CROSS JOIN events e ON e.profile_id = f.profile_id
    WHERE ${where} AND ${ACTIVE('e')} AND ${EARLY('e', 'f')}
    GROUP BY 1, 2, 3`;

/** One event more (ADD) or less (TAKE) for its profile, when identified and early. */
const ADD = (r: string) => `INSERT INTO early_hours (profile_id, name, hour, n)
    SELECT f.profile_id, ${NAME(r)}, ${HOUR(r, 'f')}, 1 FROM profile_facts f
    WHERE f.profile_id = ${r}.profile_id AND ${EARLY(r, 'f')}
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = n + 1`;
const TAKE = (r: string) => `UPDATE early_hours SET n = n - 1
    WHERE profile_id = ${r}.profile_id AND name = ${NAME(r)} AND hour = (SELECT ${HOUR(r, 'f')}
      FROM profile_facts f WHERE f.profile_id = ${r}.profile_id AND ${EARLY(r, 'f')});
  DELETE FROM early_hours
    WHERE profile_id = ${r}.profile_id AND name = ${NAME(r)} AND n <= 0`;

export const migration018EarlyHours: Migration = {
  id: '018-early-hours',
  sql: `
CREATE TABLE early_hours (
  profile_id TEXT NOT NULL,
  name TEXT NOT NULL,
  hour INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (profile_id, name, hour)
) STRICT, WITHOUT ROWID;

${FILL('true')};

CREATE TRIGGER early_hours_insert AFTER INSERT ON events
WHEN ${ACTIVE('NEW')}
BEGIN
  ${ADD('NEW')};
END;

CREATE TRIGGER early_hours_move AFTER UPDATE OF profile_id ON events
WHEN OLD.profile_id <> NEW.profile_id AND ${ACTIVE('NEW')}
BEGIN
  ${TAKE('OLD')};
  ${ADD('NEW')};
END;

CREATE TRIGGER early_hours_delete AFTER DELETE ON events
WHEN ${ACTIVE('OLD')}
BEGIN
  ${TAKE('OLD')};
END;

CREATE TRIGGER early_hours_identified AFTER INSERT ON profile_facts
BEGIN
  DELETE FROM early_hours WHERE profile_id = NEW.profile_id;
  ${FILL('f.profile_id = NEW.profile_id')};
END;

CREATE TRIGGER early_hours_signup AFTER UPDATE ON profile_facts
WHEN OLD.profile_id <> NEW.profile_id OR ${SIGNUP('OLD')} <> ${SIGNUP('NEW')}
BEGIN
  DELETE FROM early_hours WHERE profile_id IN (OLD.profile_id, NEW.profile_id);
  ${FILL('f.profile_id = NEW.profile_id')};
END;

CREATE TRIGGER early_hours_forget AFTER DELETE ON profile_facts
BEGIN
  DELETE FROM early_hours WHERE profile_id = OLD.profile_id;
END;
`,
};
