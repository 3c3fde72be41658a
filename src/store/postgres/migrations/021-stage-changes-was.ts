import type { Migration } from '../../migration.js';

/**
 * `stage_changes.was`: see the SQLite migration of the same number. Here the triggers are per
 * statement, with transition tables (stage_changes only gets inserts and deletes: 017's trigger
 * turns an update of the event log into both): every change of the (kind, profile) pairs a
 * statement touched gets its predecessor's `to` again, where it differs.
 */

/** The function that sets `was` over the pairs of one transition table. */
const recount = (name: string, rows: string) => `
CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  UPDATE stage_changes s SET was = w.was
    FROM (SELECT c.kind, c.profile_id, c.at, c.seq,
            lag(c."to") OVER (PARTITION BY c.kind, c.profile_id ORDER BY c.at, c.seq) AS was
          FROM stage_changes c
          WHERE (c.kind, c.profile_id) IN (SELECT DISTINCT kind, profile_id FROM ${rows})) w
    WHERE s.kind = w.kind AND s.profile_id = w.profile_id AND s.at = w.at AND s.seq = w.seq
      AND s.was IS DISTINCT FROM w.was;
  RETURN NULL;
END
$fn$;`;

export const migration021StageChangesWas: Migration = {
  id: '021-stage-changes-was',
  sql: `
ALTER TABLE stage_changes ADD COLUMN was text;

UPDATE stage_changes s SET was = w.was
  FROM (SELECT kind, profile_id, at, seq,
          lag("to") OVER (PARTITION BY kind, profile_id ORDER BY at, seq) AS was
        FROM stage_changes) w
  WHERE s.kind = w.kind AND s.profile_id = w.profile_id AND s.at = w.at AND s.seq = w.seq
    AND w.was IS NOT NULL;
${recount('stage_changes_was_add', 'new_rows')}
${recount('stage_changes_was_drop', 'old_rows')}

CREATE TRIGGER stage_changes_was_insert AFTER INSERT ON stage_changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_was_add();
CREATE TRIGGER stage_changes_was_delete AFTER DELETE ON stage_changes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_changes_was_drop();
`,
};
