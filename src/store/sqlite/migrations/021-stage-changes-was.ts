import type { Migration } from '../../migration.js';

/**
 * `stage_changes.was`: the `to` of the same profile's previous change of the same kind (by time,
 * then sequence), null for its first. Lifecycle over time counts each change as a move from
 * `was` to `to`; with `was` kept on the row, the counts are one grouping of the rows in any order
 * instead of a walk through each profile's changes in time order. Kept exact by triggers on
 * `stage_changes` in the same transaction as the event that adds, moves or removes a change: a
 * change gets its predecessor's `to`, and its successor (which a change arriving late, or a
 * merge, can put it before) gets its own; a change that leaves a profile hands its successor
 * its predecessor's `to`.
 */

/** `was` for the change a row names (kind, profile_id, at, seq given as `r.…`). */
const previousTo = (r: string) => `(SELECT p."to" FROM stage_changes p
    WHERE p.kind = ${r}.kind AND p.profile_id = ${r}.profile_id
      AND (p.at, p.seq) < (${r}.at, ${r}.seq)
    ORDER BY p.at DESC, p.seq DESC LIMIT 1)`;

/** The change after the one a row names, as the key of an UPDATE's WHERE. */
const next = (r: string) => `(kind, profile_id, at, seq) = (SELECT n.kind, n.profile_id, n.at, n.seq
    FROM stage_changes n
    WHERE n.kind = ${r}.kind AND n.profile_id = ${r}.profile_id
      AND (n.at, n.seq) > (${r}.at, ${r}.seq)
    ORDER BY n.at, n.seq LIMIT 1)`;

const arrive = (r: string) => `
  UPDATE stage_changes SET was = ${previousTo(r)}
    WHERE kind = ${r}.kind AND profile_id = ${r}.profile_id AND at = ${r}.at AND seq = ${r}.seq;
  UPDATE stage_changes SET was = ${r}."to" WHERE ${next(r)};`;

const leave = (r: string) => `
  UPDATE stage_changes SET was = ${previousTo(r)} WHERE ${next(r)};`;

export const migration021StageChangesWas: Migration = {
  id: '021-stage-changes-was',
  sql: `
ALTER TABLE stage_changes ADD COLUMN was TEXT;

UPDATE stage_changes AS s SET was = w.was
  FROM (SELECT kind, profile_id, at, seq,
          lag("to") OVER (PARTITION BY kind, profile_id ORDER BY at, seq) AS was
        FROM stage_changes) w
  WHERE w.kind = s.kind AND w.profile_id = s.profile_id AND w.at = s.at AND w.seq = s.seq
    AND w.was IS NOT NULL;

CREATE TRIGGER stage_changes_was_insert AFTER INSERT ON stage_changes
BEGIN${arrive('NEW')}
END;

CREATE TRIGGER stage_changes_was_move AFTER UPDATE OF profile_id ON stage_changes
BEGIN${leave('OLD')}${arrive('NEW')}
END;

CREATE TRIGGER stage_changes_was_delete AFTER DELETE ON stage_changes
BEGIN${leave('OLD')}
END;
`,
};
