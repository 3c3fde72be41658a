import type { Migration } from '../../migration.js';

/**
 * The runs per journey step, kept as runs are written; see the SQLite migration of the same
 * number for why. Here the triggers are per statement, with transition tables: a batch of runs
 * written in one statement moves the counts in one grouped upsert. A run's steps are its
 * history's distinct step ids (lines packed as arrays, or objects in older rows).
 * `SET search_path FROM CURRENT` pins the functions to the schema they were created in.
 */
export const steps = (rows: string) =>
  `SELECT DISTINCT r.id, r.journey_id, CASE json_typeof(h) WHEN 'array' THEN h ->> 1
       ELSE h ->> 'stepId' END AS step_id
     FROM ${rows} r, json_array_elements(r.doc -> 'history') h`;
const grouped = (triples: string) =>
  `SELECT journey_id, step_id, count(*) AS n FROM (${triples}) t
     WHERE step_id IS NOT NULL GROUP BY 1, 2`;

export const migration020JourneyStepCounts: Migration = {
  id: '020-journey-step-counts',
  sql: `
CREATE TABLE journey_step_counts (
  journey_id text COLLATE "C" NOT NULL,
  step_id text COLLATE "C" NOT NULL,
  reached bigint NOT NULL,
  PRIMARY KEY (journey_id, step_id)
);

INSERT INTO journey_step_counts (journey_id, step_id, reached) ${grouped(steps('journey_runs'))};

CREATE FUNCTION journey_step_counts_add() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  INSERT INTO journey_step_counts AS c (journey_id, step_id, reached)
    ${grouped(steps('new_rows'))}
  ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = c.reached + excluded.reached;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION journey_step_counts_move() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE journey_step_counts c SET reached = c.reached - o.n
      FROM (${grouped(steps('old_rows'))}) o
      WHERE c.journey_id = o.journey_id AND c.step_id = o.step_id;
  ELSE
    UPDATE journey_step_counts c SET reached = c.reached - o.n
      FROM (${grouped(`${steps('old_rows')} EXCEPT ${steps('new_rows')}`)}) o
      WHERE c.journey_id = o.journey_id AND c.step_id = o.step_id;
    INSERT INTO journey_step_counts AS c (journey_id, step_id, reached)
      ${grouped(`${steps('new_rows')} EXCEPT ${steps('old_rows')}`)}
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = c.reached + excluded.reached;
  END IF;
  DELETE FROM journey_step_counts WHERE reached <= 0;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER journey_step_counts_insert AFTER INSERT ON journey_runs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_add();
CREATE TRIGGER journey_step_counts_update AFTER UPDATE ON journey_runs
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_move();
CREATE TRIGGER journey_step_counts_delete AFTER DELETE ON journey_runs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION journey_step_counts_move();

CREATE INDEX journey_runs_active ON journey_runs (journey_id) WHERE status = 'active';
CREATE INDEX journey_runs_totals ON journey_runs (journey_id, held_out, status, converted_at);
CREATE INDEX journey_runs_entrants ON journey_runs
  (journey_id, profile_id, entered_at, id, held_out, converted_at, goal_deadline);
`,
};
