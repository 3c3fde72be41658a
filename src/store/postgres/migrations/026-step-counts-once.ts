import type { Migration } from '../../migration.js';
import { steps } from './020-journey-step-counts.js';

/**
 * See the SQLite migration of the same number: an update of runs read each old and new history
 * twice (a decrement of the steps only the old reached, an increment of those only the new
 * reached, each an EXCEPT of both); now one grouped upsert reads each once and moves every count
 * by its difference. A delete takes back every step of the runs deleted, as before.
 */
export const migration026StepCountsOnce: Migration = {
  id: '026-step-counts-once',
  sql: `
CREATE OR REPLACE FUNCTION journey_step_counts_move() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE journey_step_counts c SET reached = c.reached - o.n
      FROM (SELECT journey_id, step_id, count(*) AS n FROM (${steps('old_rows')}) t
        WHERE step_id IS NOT NULL GROUP BY 1, 2) o
      WHERE c.journey_id = o.journey_id AND c.step_id = o.step_id;
  ELSE
    INSERT INTO journey_step_counts AS c (journey_id, step_id, reached)
      SELECT journey_id, step_id, sum(delta) FROM (
        SELECT journey_id, step_id, -1 AS delta FROM (${steps('old_rows')}) o
        UNION ALL SELECT journey_id, step_id, 1 FROM (${steps('new_rows')}) n) d
      WHERE step_id IS NOT NULL GROUP BY 1, 2 HAVING sum(delta) <> 0
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = c.reached + excluded.reached;
  END IF;
  DELETE FROM journey_step_counts WHERE reached <= 0;
  RETURN NULL;
END
$fn$;
`,
};
