import type { Migration } from '../../migration.js';

/**
 * `active_days` and `stage_changes`: see the SQLite migration of the same number for what each
 * is for. Here the triggers are per statement, with transition tables: one grouped upsert per
 * statement that inserts `activity_days` rows (a whole group commit), one recount of the days a
 * merge or deletion touched. `SET search_path FROM CURRENT` pins the functions to the schema
 * they were created in.
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

const MEANINGFUL = (name: string) => `NOT (${name} LIKE 'Viewed % Page'
    OR ${name} LIKE 'Viewed % Screen' OR ${name} IN ('Loaded a Page', 'Loaded a Screen')
    OR ${name} IN (${ACTIVE_DAYS_LEFT_OUT.map((n) => `'${n}'`).join(', ')}))`;

const grouped = (rows: string) =>
  `SELECT profile_id, day, min(name COLLATE "C") AS lo, max(name COLLATE "C") AS hi FROM ${rows}
     WHERE ${MEANINGFUL('name')} GROUP BY profile_id, day`;

/** The days whose names a merge or a deletion took away. */
const touched = `SELECT DISTINCT profile_id, day FROM old_rows WHERE ${MEANINGFUL('name')}`;

const STAGE = `source = 'internal' AND event = 'Stage Changed'
    AND jsonb_typeof(properties -> 'kind') = 'string'`;
const stageRows = (rows: string) => `SELECT properties ->> 'kind', profile_id, "timestamp", seq,
    properties ->> 'from', properties ->> 'to' FROM ${rows} WHERE ${STAGE}`;

export const migration017AnalyticsNarrow: Migration = {
  id: '017-analytics-narrow',
  sql: `
CREATE TABLE active_days (
  profile_id text COLLATE "C" NOT NULL,
  day integer NOT NULL,
  lo text COLLATE "C" NOT NULL,
  hi text COLLATE "C" NOT NULL,
  PRIMARY KEY (profile_id, day)
);

INSERT INTO active_days (profile_id, day, lo, hi) ${grouped('activity_days')};

CREATE FUNCTION active_days_add() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  INSERT INTO active_days AS a (profile_id, day, lo, hi) ${grouped('new_rows')}
  ON CONFLICT (profile_id, day)
    DO UPDATE SET lo = least(a.lo, excluded.lo), hi = greatest(a.hi, excluded.hi);
  RETURN NULL;
END
$fn$;

CREATE FUNCTION active_days_recount() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  DELETE FROM active_days a USING (${touched}) t
    WHERE a.profile_id = t.profile_id AND a.day = t.day;
  INSERT INTO active_days (profile_id, day, lo, hi)
    SELECT d.profile_id, d.day, min(d.name COLLATE "C"), max(d.name COLLATE "C")
    FROM activity_days d JOIN (${touched}) t ON t.profile_id = d.profile_id AND t.day = d.day
    WHERE ${MEANINGFUL('d.name')} GROUP BY d.profile_id, d.day;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER active_days_insert AFTER INSERT ON activity_days
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION active_days_add();
CREATE TRIGGER active_days_delete AFTER DELETE ON activity_days
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION active_days_recount();

CREATE TABLE stage_changes (
  kind text COLLATE "C" NOT NULL,
  profile_id text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  seq bigint NOT NULL,
  "from" text,
  "to" text,
  PRIMARY KEY (kind, profile_id, at, seq)
);

INSERT INTO stage_changes (kind, profile_id, at, seq, "from", "to") ${stageRows('events')};

CREATE FUNCTION stage_changes_put() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM stage_changes s USING old_rows o
      WHERE o.source = 'internal' AND o.event = 'Stage Changed'
        AND s.kind = o.properties ->> 'kind' AND s.profile_id = o.profile_id
        AND s.at = o."timestamp" AND s.seq = o.seq;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stage_changes (kind, profile_id, at, seq, "from", "to") ${stageRows('new_rows')};
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER stage_changes_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();
CREATE TRIGGER stage_changes_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();
CREATE TRIGGER stage_changes_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_put();
`,
};
