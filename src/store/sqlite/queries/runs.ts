import type { Database } from 'better-sqlite3';
import type { JourneyRun } from '../../../engine/journeys/types.js';
import type { RunCountsRow, StepCountRow } from '../../journey-stats.js';
import type { TimeKey } from '../../page-cursor.js';
import { runFromRow, runToRow, type RunColumns } from '../../run-rows.js';
import { storableJson } from '../../safe-json.js';
import type { JourneyEntrant, RunFilter } from '../../store.js';

/** Columns named as `JourneyRun` fields (see run-rows.ts). */
const RUN_COLUMNS = `id, journey_id AS journeyId, version, profile_id AS userId, status,
  held_out AS heldOut, entered_at AS enteredAt, wake_at AS wakeAt,
  goal_deadline AS goalDeadline, ended_at AS endedAt, converted_at AS convertedAt, doc`;

export interface RunRecord extends Omit<RunColumns, 'heldOut'> {
  heldOut: number;
  doc: string;
}

export function runFromRecord({ doc, heldOut, ...columns }: RunRecord): JourneyRun {
  return runFromRow({ ...columns, heldOut: heldOut === 1 }, JSON.parse(doc));
}

/** A run's values in the order of the INSERT's columns (the UPDATE names them the same). */
export function runParams(run: JourneyRun) {
  const { columns: c, doc } = runToRow(run);
  return {
    id: c.id,
    journeyId: c.journeyId,
    profileId: c.userId,
    status: c.status,
    heldOut: c.heldOut ? 1 : 0,
    version: c.version,
    enteredAt: c.enteredAt,
    wakeAt: c.wakeAt,
    goalDeadline: c.goalDeadline,
    endedAt: c.endedAt,
    convertedAt: c.convertedAt,
    doc: storableJson(doc),
  };
}

type RunParams = ReturnType<typeof runParams>;

/** Lists newest entry first from `(at, id)` on; see page-cursor.ts (timeKeyAfter). */
interface ListParams {
  profile?: string;
  journey: string | null;
  at: number;
  id: string;
  limit: number;
}

const NEWEST_FIRST = `(entered_at, id) < (@at, @id) ORDER BY entered_at DESC, id DESC LIMIT @limit`;

export function prepareRunWrites(db: Database) {
  return {
    create: db.prepare<RunParams>(
      `INSERT INTO journey_runs (id, journey_id, profile_id, status, held_out, version,
         entered_at, wake_at, goal_deadline, ended_at, converted_at, doc)
       VALUES (@id, @journeyId, @profileId, @status, @heldOut, @version, @enteredAt, @wakeAt,
         @goalDeadline, @endedAt, @convertedAt, @doc)
       ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare<RunParams>(
      `UPDATE journey_runs SET journey_id = @journeyId, profile_id = @profileId,
         status = @status, held_out = @heldOut, version = @version, entered_at = @enteredAt,
         wake_at = @wakeAt, goal_deadline = @goalDeadline, ended_at = @endedAt,
         converted_at = @convertedAt, doc = @doc
       WHERE id = @id`,
    ),
    // One statement for a whole batch of users (their ids as a JSON array), not one per user:
    // most users have no runs, and a statement costs more than the index lookups it makes.
    listening: db.prepare<[string, number], RunRecord>(
      `SELECT ${RUN_COLUMNS} FROM journey_runs
       WHERE profile_id IN (SELECT value FROM json_each(?))
         AND (status = 'active' OR goal_deadline > ?)
       ORDER BY profile_id, entered_at, id`,
    ),
    histories: db.prepare<
      [string],
      {
        profileId: string;
        journeyId: string;
        entered: number;
        lastEnteredAt: number | null;
        active: number;
      }
    >(
      `SELECT profile_id AS profileId, journey_id AS journeyId, count(*) AS entered,
         max(entered_at) AS lastEnteredAt, count(*) FILTER (WHERE status = 'active') AS active
       FROM journey_runs WHERE profile_id IN (SELECT value FROM json_each(?))
       GROUP BY profile_id, journey_id`,
    ),
    // No row locks needed: this transaction holds the database's only write lock.
    claimDue: db.prepare<[number, number], RunRecord>(
      `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE wake_at <= ?
       ORDER BY wake_at, id LIMIT ?`,
    ),
    reassign: db.prepare<[string, string]>(
      'UPDATE journey_runs SET profile_id = ? WHERE profile_id = ?',
    ),
  };
}

export function prepareRunReads(db: Database) {
  return {
    // A user has few runs: their index finds them all, and the journey is a residual filter.
    listByProfile: db.prepare<ListParams, RunRecord>(
      `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE profile_id = @profile
       AND (@journey IS NULL OR journey_id = @journey) AND ${NEWEST_FIRST}`,
    ),
    listByJourney: db.prepare<ListParams, RunRecord>(
      `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE journey_id = @journey AND ${NEWEST_FIRST}`,
    ),
    listAll: db.prepare<Omit<ListParams, 'journey'>, RunRecord>(
      `SELECT ${RUN_COLUMNS} FROM journey_runs WHERE ${NEWEST_FIRST}`,
    ),
    // A full scan by design: the dashboard asks for every journey's totals at once.
    stats: db.prepare<[], Omit<RunCountsRow, 'heldOut'> & { heldOut: number }>(
      `SELECT journey_id AS journeyId, held_out AS heldOut, count(*) AS entered,
         count(*) FILTER (WHERE status = 'active') AS active,
         count(*) FILTER (WHERE status = 'completed') AS completed,
         count(*) FILTER (WHERE converted_at IS NOT NULL) AS converted,
         count(*) FILTER (WHERE status = 'exited') AS exited
       FROM journey_runs GROUP BY journey_id, held_out`,
    ),
    // Reached: the count the triggers of migration 020 keep; at: the active runs alone, read
    // through their partial index.
    stepCounts: db.prepare<[], StepCountRow>(
      `SELECT c.journey_id AS journeyId, c.step_id AS stepId, c.reached,
         coalesce(a.n, 0) AS at
       FROM journey_step_counts c LEFT JOIN (
         SELECT journey_id, json_extract(doc, '$.waiting.stepId') AS step, count(*) AS n
         FROM journey_runs INDEXED BY journey_runs_active WHERE status = 'active'
         GROUP BY 1, 2) a ON a.journey_id = c.journey_id AND a.step = c.step_id
       WHERE c.reached > 0`,
    ),
    // Each user's first run per journey in the range (ties on entry time broken by run id), in
    // the order of the index that holds every column read (migration 020): no sort, no row read.
    entrants: db.prepare<
      { from: number; to: number; journey: string | null },
      Omit<JourneyEntrant, 'heldOut'> & { heldOut: number }
    >(
      `SELECT journeyId, userId, heldOut, convertedAt, goalDeadline FROM (
         SELECT journey_id AS journeyId, profile_id AS userId, held_out AS heldOut,
           converted_at AS convertedAt, goal_deadline AS goalDeadline,
           row_number() OVER (PARTITION BY journey_id, profile_id ORDER BY entered_at, id) AS k
         FROM journey_runs INDEXED BY journey_runs_entrants
         WHERE entered_at >= @from AND entered_at < @to
           AND (@journey IS NULL OR journey_id = @journey))
       WHERE k = 1`,
    ),
    // The IS NOT NULL lets SQLite use the partial index: its first entry is the answer.
    nextWake: db.prepare<[], { next: number | null }>(
      'SELECT min(wake_at) AS next FROM journey_runs WHERE wake_at IS NOT NULL',
    ),
  };
}

export type RunWrites = ReturnType<typeof prepareRunWrites>;
export type RunReads = ReturnType<typeof prepareRunReads>;

/** The listing for a filter: the statement of its index, and the values it names. */
export function listRuns(reads: RunReads, filter: RunFilter, after: TimeKey, limit: number) {
  const params = { profile: filter.profileId, journey: filter.journeyId ?? null, ...after, limit };
  const statement =
    filter.profileId !== undefined
      ? reads.listByProfile
      : filter.journeyId !== undefined
        ? reads.listByJourney
        : reads.listAll;
  return statement.all(params).map(runFromRecord);
}
