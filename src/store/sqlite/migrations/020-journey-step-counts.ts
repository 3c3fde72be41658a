import type { Migration } from '../../migration.js';

/** A run's distinct step ids (`r`: NEW or OLD in a trigger): history lines are packed arrays
 * `[at - enteredAt, stepId, outcome, detail?]` (run-rows.ts) or objects in older rows. */
export const steps = (r: string) => `SELECT DISTINCT CASE json_type(h.value)
      WHEN 'array' THEN json_extract(h.value, '$[1]') ELSE json_extract(h.value, '$.stepId') END AS step
    FROM json_each(${r}.doc, '$.history') h WHERE step IS NOT NULL`;

/**
 * The journeys page counts, per step, the runs that reached it: reading every run's history for
 * that took seconds at 100,000 runs. `journey_step_counts` keeps the count, moved by triggers
 * as runs are written (a run updated adds the steps new to its history and takes back the ones
 * gone), so the page reads one small table. The runs waiting at a step are read live, from the
 * active runs alone (a partial index), and the totals per journey from an index that holds
 * every column they count. Lift's entrants (each user's first run per journey) are read in the
 * order of an index that holds their columns too, with no sort and no run document read.
 */
export const migration020JourneyStepCounts: Migration = {
  id: '020-journey-step-counts',
  sql: `
CREATE TABLE journey_step_counts (
  journey_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  reached INTEGER NOT NULL,
  PRIMARY KEY (journey_id, step_id)
);

INSERT INTO journey_step_counts (journey_id, step_id, reached)
  SELECT journey_id, step, count(DISTINCT id) FROM (SELECT r.id, r.journey_id,
      CASE json_type(h.value) WHEN 'array' THEN json_extract(h.value, '$[1]')
        ELSE json_extract(h.value, '$.stepId') END AS step
    FROM journey_runs r, json_each(r.doc, '$.history') h)
  WHERE step IS NOT NULL GROUP BY 1, 2;

CREATE TRIGGER journey_step_counts_insert AFTER INSERT ON journey_runs
BEGIN
  INSERT INTO journey_step_counts (journey_id, step_id, reached)
    SELECT NEW.journey_id, step, 1 FROM (${steps('NEW')}) WHERE true
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = reached + 1;
END;

CREATE TRIGGER journey_step_counts_update AFTER UPDATE OF journey_id, doc ON journey_runs
BEGIN
  UPDATE journey_step_counts SET reached = reached - 1
    WHERE journey_id = OLD.journey_id AND (OLD.journey_id <> NEW.journey_id
      OR step_id NOT IN (${steps('NEW')}))
      AND step_id IN (${steps('OLD')});
  DELETE FROM journey_step_counts WHERE journey_id = OLD.journey_id AND reached <= 0;
  INSERT INTO journey_step_counts (journey_id, step_id, reached)
    SELECT NEW.journey_id, step, 1 FROM (${steps('NEW')})
    WHERE OLD.journey_id <> NEW.journey_id OR step NOT IN (${steps('OLD')})
    ON CONFLICT (journey_id, step_id) DO UPDATE SET reached = reached + 1;
END;

CREATE TRIGGER journey_step_counts_delete AFTER DELETE ON journey_runs
BEGIN
  UPDATE journey_step_counts SET reached = reached - 1
    WHERE journey_id = OLD.journey_id AND step_id IN (${steps('OLD')});
  DELETE FROM journey_step_counts WHERE journey_id = OLD.journey_id AND reached <= 0;
END;

CREATE INDEX journey_runs_active ON journey_runs (journey_id) WHERE status = 'active';
CREATE INDEX journey_runs_totals ON journey_runs (journey_id, held_out, status, converted_at);
CREATE INDEX journey_runs_entrants ON journey_runs
  (journey_id, profile_id, entered_at, id, held_out, converted_at, goal_deadline);
`,
};
