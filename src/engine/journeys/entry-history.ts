import type { JourneyRun } from './types.js';

/** What the entry policy needs to know of a user's past runs of one journey. */
export interface EntryHistory {
  /** Runs ever started (any version). */
  entered: number;
  lastEnteredAt: number | null;
  /** Runs still active. */
  active: number;
}

export const NEVER_ENTERED: EntryHistory = { entered: 0, lastEnteredAt: null, active: 0 };

/** Summarises runs of one journey (the runtime may count them in SQL instead). */
export function entryHistory(
  runs: readonly Pick<JourneyRun, 'status' | 'enteredAt'>[],
): EntryHistory {
  let lastEnteredAt: number | null = null;
  let active = 0;
  for (const run of runs) {
    if (lastEnteredAt === null || run.enteredAt > lastEnteredAt) lastEnteredAt = run.enteredAt;
    if (run.status === 'active') active += 1;
  }
  return { entered: runs.length, lastEnteredAt, active };
}
