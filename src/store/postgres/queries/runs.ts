import type { TimeKey } from '../../page-cursor.js';
import type { RunFilter } from '../../store.js';
import { named, type NamedQuery } from '../named-query.js';

/** Columns named as `JourneyRun` fields (see run-rows.ts); doc arrives parsed. */
const RUN_COLUMNS = `id, journey_id AS "journeyId", version, profile_id AS "userId", status,
  held_out AS "heldOut", entered_at AS "enteredAt", wake_at AS "wakeAt",
  goal_deadline AS "goalDeadline", ended_at AS "endedAt", converted_at AS "convertedAt", doc`;

/** The rows of a batch (parameters $1–$12: journey-columns.ts, runColumns). */
const RUN_INPUT = `ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
  unnest($4::text[]), unnest($5::boolean[]), unnest($6::text[]), unnest($7::bigint[]),
  unnest($8::bigint[]), unnest($9::bigint[]), unnest($10::bigint[]), unnest($11::bigint[]),
  json_array_elements($12::json))`;
const RUN_FIELDS = `id, journey_id, profile_id, status, held_out, version, entered_at, wake_at,
  goal_deadline, ended_at, converted_at, doc`;

/** Newest entry first from the key ($a, $b) on; see page-cursor.ts (timeKeyAfter). */
const newestFirst = (at: number, id: number, limit: number) =>
  `(entered_at, id) < ($${at}, $${id}) ORDER BY entered_at DESC, id DESC LIMIT $${limit}`;

export const runQueries = {
  /**
   * WITH ORDINALITY + ORDER BY inserts in input order, so of two runs with one id in a batch
   * the first is the one stored (ON CONFLICT DO NOTHING skips the second). RETURNING says
   * which were new.
   */
  create: named(
    'create_runs',
    `INSERT INTO journey_runs (${RUN_FIELDS})
     SELECT ${RUN_FIELDS} FROM ${RUN_INPUT} WITH ORDINALITY AS t(${RUN_FIELDS}, ord)
     ORDER BY ord
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
  ),
  /** One row per id (the caller keeps the last): an UPDATE … FROM with two would pick one. */
  update: named(
    'update_runs',
    `UPDATE journey_runs r SET journey_id = t.journey_id, profile_id = t.profile_id,
       status = t.status, held_out = t.held_out, version = t.version,
       entered_at = t.entered_at, wake_at = t.wake_at, goal_deadline = t.goal_deadline,
       ended_at = t.ended_at, converted_at = t.converted_at, doc = t.doc
     FROM ${RUN_INPUT} AS t(${RUN_FIELDS})
     WHERE r.id = t.id`,
  ),
  listening: named(
    'listening_runs',
    `SELECT ${RUN_COLUMNS} FROM journey_runs
     WHERE profile_id = ANY($1::text[]) AND (status = 'active' OR goal_deadline > $2)
     ORDER BY profile_id, entered_at, id`,
  ),
  histories: named(
    'entry_histories',
    `SELECT profile_id AS "profileId", journey_id AS "journeyId", count(*) AS entered,
       max(entered_at) AS "lastEnteredAt", count(*) FILTER (WHERE status = 'active') AS active
     FROM journey_runs WHERE profile_id = ANY($1::text[]) GROUP BY profile_id, journey_id`,
  ),
  /** Rows stay locked until the transaction ends; rows another runner holds are skipped. */
  claimDue: named(
    'claim_due_runs',
    `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE wake_at <= $1
     ORDER BY wake_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
  ),
  reassign: named('reassign_runs', 'UPDATE journey_runs SET profile_id = $2 WHERE profile_id = $1'),
  /** A user has few runs: their index finds them all, and the journey is a residual filter. */
  listByProfile: named(
    'list_runs_of_profile',
    `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE profile_id = $1
     AND ($2::text IS NULL OR journey_id = $2) AND ${newestFirst(3, 4, 5)}`,
  ),
  listByJourney: named(
    'list_runs_of_journey',
    `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE journey_id = $1 AND ${newestFirst(2, 3, 4)}`,
  ),
  listAll: named(
    'list_runs',
    `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE ${newestFirst(1, 2, 3)}`,
  ),
  /** A full scan by design: the dashboard asks for every journey's totals at once. */
  stats: named(
    'journey_stats',
    `SELECT journey_id AS "journeyId", held_out AS "heldOut", count(*) AS entered,
       count(*) FILTER (WHERE status = 'active') AS active,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE converted_at IS NOT NULL) AS converted,
       count(*) FILTER (WHERE status = 'exited') AS exited
     FROM journey_runs GROUP BY journey_id, held_out`,
  ),
  /** Reached: the count the triggers of migration 020 keep; at: the active runs alone, read
   * through their partial index. */
  stepCounts: named(
    'journey_step_counts',
    `SELECT c.journey_id AS "journeyId", c.step_id AS "stepId", c.reached::int AS reached,
       coalesce(a.n, 0)::int AS at
     FROM journey_step_counts c LEFT JOIN (
       SELECT journey_id, doc -> 'waiting' ->> 'stepId' AS step, count(*) AS n
       FROM journey_runs WHERE status = 'active' GROUP BY 1, 2) a
       ON a.journey_id = c.journey_id AND a.step = c.step_id
     WHERE c.reached > 0`,
  ),
  /** Each user's first run per journey in the range (ties on entry time broken by run id). */
  entrants: named(
    'journey_entrants',
    `SELECT DISTINCT ON (journey_id, profile_id)
       journey_id AS "journeyId", profile_id AS "userId", held_out AS "heldOut",
       converted_at AS "convertedAt", goal_deadline AS "goalDeadline"
     FROM journey_runs
     WHERE entered_at >= $1 AND entered_at < $2 AND ($3::text IS NULL OR journey_id = $3)
     ORDER BY journey_id, profile_id, entered_at, id`,
  ),
  nextWake: named(
    'next_run_wake',
    'SELECT min(wake_at) AS next FROM journey_runs WHERE wake_at IS NOT NULL',
  ),
};

/** The listing for a filter with its values, in the order its SQL numbers them. */
export function runListing(
  filter: RunFilter,
  after: TimeKey,
  limit: number,
): [NamedQuery, unknown[]] {
  const page = [after.at, after.id, limit];
  if (filter.profileId !== undefined) {
    return [runQueries.listByProfile, [filter.profileId, filter.journeyId ?? null, ...page]];
  }
  if (filter.journeyId !== undefined)
    return [runQueries.listByJourney, [filter.journeyId, ...page]];
  return [runQueries.listAll, page];
}
