import type { JourneyRun } from '../engine/journeys/types.js';

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

export function runToRow(run: JourneyRun): { columns: RunColumns; doc: RunDoc } {
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
    ...doc
  } = run;
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
export function runFromRow(columns: RunColumns, doc: RunDoc): JourneyRun {
  return Object.assign(doc, columns);
}
