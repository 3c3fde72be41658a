import type { Migration } from '../../migration.js';

/**
 * The read side of analytics; see the SQLite migration of the same number for what each part
 * is for. Here the triggers are per statement, with transition tables: one grouped upsert per
 * batch insert (ingest writes a whole group commit in one statement), one per merge.
 * `SET search_path FROM CURRENT` pins the functions to the schema they were created in.
 */
const ACTIVE = `source <> 'internal' AND (type IN ('page', 'screen') OR (type = 'track' AND event IS NOT NULL))`;
const NAME = `CASE type
      WHEN 'track' THEN event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(event, '') || ' Screen', 'Loaded a Screen') END`;
// Floor division: the day of a time before 1970 is the day before, as in JavaScript.
const DAY = `("timestamp" - (("timestamp" % 86400000) + 86400000) % 86400000) / 86400000`;
const grouped = (rows: string) =>
  `SELECT profile_id, ${DAY} AS day, ${NAME} AS name, count(*) AS n
     FROM ${rows} WHERE ${ACTIVE} GROUP BY 1, 2, 3`;

export const migration011Analytics: Migration = {
  id: '011-analytics',
  sql: `
CREATE TABLE activity_days (
  profile_id text COLLATE "C" NOT NULL,
  day integer NOT NULL,
  name text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (profile_id, day, name)
);

INSERT INTO activity_days (profile_id, day, name, n) ${grouped('events')};

CREATE FUNCTION activity_days_add() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  INSERT INTO activity_days AS a (profile_id, day, name, n) ${grouped('new_rows')}
  ON CONFLICT (profile_id, day, name) DO UPDATE SET n = a.n + excluded.n;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION activity_days_move() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE activity_days a SET n = a.n - o.n FROM (${grouped('old_rows')}) o
      WHERE a.profile_id = o.profile_id AND a.day = o.day AND a.name = o.name;
    DELETE FROM activity_days a USING (${grouped('old_rows')}) o
      WHERE a.profile_id = o.profile_id AND a.day = o.day AND a.name = o.name AND a.n <= 0;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO activity_days AS a (profile_id, day, name, n) ${grouped('new_rows')}
    ON CONFLICT (profile_id, day, name) DO UPDATE SET n = a.n + excluded.n;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER activity_days_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_add();
CREATE TRIGGER activity_days_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION activity_days_move();
CREATE TRIGGER activity_days_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_move();

CREATE INDEX events_internal ON events (event, "timestamp") WHERE source = 'internal';
CREATE INDEX events_identify ON events ("timestamp") WHERE type = 'identify';
`,
};
