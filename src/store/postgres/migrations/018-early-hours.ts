import type { Migration } from '../../migration.js';

/**
 * `early_hours`: see the SQLite migration of the same number. Here the triggers are per
 * statement, with transition tables (ingest writes a group commit's events, and upserts its
 * profiles' facts, one statement each): the events are grouped once per statement; a profile
 * that becomes identified, or whose signup changes, is counted again from its events.
 */
const ACTIVE = (r: string) => `${r}.source <> 'internal'
  AND (${r}.type IN ('page', 'screen') OR (${r}.type = 'track' AND ${r}.event IS NOT NULL))`;
const NAME = (r: string) => `CASE ${r}.type
      WHEN 'track' THEN ${r}.event
      WHEN 'page' THEN coalesce('Viewed ' || nullif(${r}.event, '') || ' Page', 'Loaded a Page')
      ELSE coalesce('Viewed ' || nullif(${r}.event, '') || ' Screen', 'Loaded a Screen') END`;
const SIGNUP = (f: string) => `coalesce(${f}.signup_at, ${f}.first_seen)`;

/** Events `rows` of the profiles `facts`, grouped: those of their first 14 days (336 h). */
const grouped = (rows: string, facts: string) =>
  `SELECT e.profile_id, ${NAME('e')} AS name,
      greatest(0, (e."timestamp" - ${SIGNUP('f')} + 3599999) / 3600000)::int AS hour,
      count(*) AS n
    FROM ${rows} e JOIN ${facts} f ON f.profile_id = e.profile_id
    WHERE ${ACTIVE('e')} AND e."timestamp" <= ${SIGNUP('f')} + 1209600000
    GROUP BY 1, 2, 3`;

const ADD = (
  rows: string,
  facts: string,
) => `INSERT INTO early_hours AS h (profile_id, name, hour, n)
    ${grouped(rows, facts)}
    ON CONFLICT (profile_id, name, hour) DO UPDATE SET n = h.n + excluded.n`;

/** Profiles `ids` (text[]) counted again: their rows dropped, then made from their events. */
const RECOUNT = (ids: string) => `DELETE FROM early_hours WHERE profile_id = ANY(${ids});
  ${ADD('events', `(SELECT * FROM profile_facts WHERE profile_id = ANY(${ids}))`)}`;

export const migration018EarlyHours: Migration = {
  id: '018-early-hours',
  sql: `
CREATE TABLE early_hours (
  profile_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  hour integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (profile_id, name, hour)
);

${ADD('events', 'profile_facts')};

CREATE FUNCTION early_hours_add() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  ${ADD('new_rows', 'profile_facts')};
  RETURN NULL;
END
$fn$;

CREATE FUNCTION early_hours_move() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  UPDATE early_hours h SET n = h.n - o.n FROM (${grouped('old_rows', 'profile_facts')}) o
    WHERE h.profile_id = o.profile_id AND h.name = o.name AND h.hour = o.hour;
  DELETE FROM early_hours h USING (${grouped('old_rows', 'profile_facts')}) o
    WHERE h.profile_id = o.profile_id AND h.name = o.name AND h.hour = o.hour AND h.n <= 0;
  IF TG_OP = 'UPDATE' THEN
    ${ADD('new_rows', 'profile_facts')};
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER early_hours_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_add();
CREATE TRIGGER early_hours_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION early_hours_move();
CREATE TRIGGER early_hours_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_move();

-- profile_facts: the profiles of new rows (identified), of updated rows whose signup changed,
-- and of deleted rows are counted again (none, once gone). Their ids are gathered first, so
-- a statement that changed no signup (most of ingest's upserts) stops there, and the rest
-- reads and writes those profiles only, by key.
CREATE FUNCTION early_hours_recount() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
DECLARE
  ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(profile_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(profile_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT id) INTO ids FROM (
      (SELECT profile_id AS id, ${SIGNUP('o')} AS s FROM old_rows o
       EXCEPT SELECT profile_id, ${SIGNUP('n')} FROM new_rows n)
      UNION ALL
      (SELECT profile_id, ${SIGNUP('n')} FROM new_rows n
       EXCEPT SELECT profile_id, ${SIGNUP('o')} FROM old_rows o)) x;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  ${RECOUNT('ids')};
  RETURN NULL;
END
$fn$;

CREATE TRIGGER early_hours_identified AFTER INSERT ON profile_facts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();
CREATE TRIGGER early_hours_signup AFTER UPDATE ON profile_facts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();
CREATE TRIGGER early_hours_forget AFTER DELETE ON profile_facts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION early_hours_recount();
`,
};
