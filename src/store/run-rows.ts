import type { JourneyRun, RunTrigger, StepRecord } from '../engine/journeys/types.js';
import { packTrigger, unpackTrigger, type PackedTrigger } from './trigger-rows.js';

/**
 * How a run is laid out in a row, like profiles (documents.ts): what the queries filter, sort or
 * group on is a column (profile, journey, status, times); the rest — trigger, what the run waits
 * for, visits, step history — is one JSON document, written and read whole. Each field is
 * stored once, so moving runs to another profile is a one-column UPDATE, and a field added to
 * `JourneyRun` is persisted without a migration.
 */
export type RunColumns = Pick<
  JourneyRun,
  | 'id'
  | 'journeyId'
  | 'version'
  | 'userId'
  | 'status'
  | 'heldOut'
  | 'enteredAt'
  | 'wakeAt'
  | 'goalDeadline'
  | 'endedAt'
  | 'convertedAt'
>;

export type RunDoc = Omit<JourneyRun, keyof RunColumns>;

/**
 * A history line as the row keeps it: `[at - enteredAt, stepId, outcome]`, and the detail when
 * there is one. A run writes a line per step it takes, most of them in the millisecond it
 * entered, and as objects the field names and 13-digit times were about half of a run's
 * document (a run is ~0.65 rows per received event with the example workspace). Rows written
 * before keep their lines as objects; both read the same.
 */
type PackedStep =
  | [number, string | null, StepRecord['outcome']]
  | [number, string | null, StepRecord['outcome'], string];

/** The document as stored: `RunDoc` with its history and trigger packed (trigger-rows.ts). */
export type StoredRunDoc = Omit<RunDoc, 'history' | 'trigger'> & {
  trigger: PackedTrigger | RunTrigger;
  history: (PackedStep | StepRecord)[];
};

function packHistory(history: StepRecord[], enteredAt: number): PackedStep[] {
  return history.map((line) =>
    line.detail === undefined
      ? [line.at - enteredAt, line.stepId, line.outcome]
      : [line.at - enteredAt, line.stepId, line.outcome, line.detail],
  );
}

function unpackHistory(history: (PackedStep | StepRecord)[], enteredAt: number): StepRecord[] {
  return history.map((line) => {
    if (!Array.isArray(line)) return line;
    const record: StepRecord = { at: line[0] + enteredAt, stepId: line[1], outcome: line[2] };
    if (line.length === 4) record.detail = line[3];
    return record;
  });
}

export function runToRow(run: JourneyRun): { columns: RunColumns; doc: StoredRunDoc } {
  const {
    id,
    journeyId,
    version,
    userId,
    status,
    heldOut,
    enteredAt,
    wakeAt,
    goalDeadline,
    endedAt,
    convertedAt,
    history,
    trigger,
    ...rest
  } = run;
  const doc: StoredRunDoc = {
    trigger: packTrigger(trigger),
    ...rest,
    history: packHistory(history, enteredAt),
  };
  return {
    columns: {
      id,
      journeyId,
      version,
      userId,
      status,
      heldOut,
      enteredAt,
      wakeAt,
      goalDeadline,
      endedAt,
      convertedAt,
    },
    doc,
  };
}

/** Completes the parsed document in place (a copy would cost as much again as parsing it). */
export function runFromRow(columns: RunColumns, doc: StoredRunDoc): JourneyRun {
  const run = doc as unknown as JourneyRun;
  run.trigger = unpackTrigger(doc.trigger);
  run.history = unpackHistory(doc.history, columns.enteredAt);
  return Object.assign(run, columns);
}
