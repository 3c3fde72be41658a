import type { JourneyStats, RunCounts } from './store.js';

/** One row of the stats query: a journey's runs, treated or held out, counted by status. */
export interface RunCountsRow extends RunCounts {
  journeyId: string;
  heldOut: boolean;
}

const none = (): RunCounts => ({ entered: 0, active: 0, completed: 0, converted: 0, exited: 0 });

/** Both sides for every journey with a run, so lift is computed without checking for gaps. */
export function journeyStatsFrom(rows: RunCountsRow[]): Record<string, JourneyStats> {
  const stats: Record<string, JourneyStats> = {};
  for (const { journeyId, heldOut, ...counts } of rows) {
    const entry = (stats[journeyId] ??= { treated: none(), heldOut: none() });
    entry[heldOut ? 'heldOut' : 'treated'] = counts;
  }
  return stats;
}

/**
 * Where runs are in a journey now, per step: `reached` counts the runs with a line for the step
 * in their history (they got to it at least once), `at` the active runs waiting at it now. The
 * runs that went past a step are `reached - at`.
 */
export interface StepCountRow {
  journeyId: string;
  stepId: string;
  reached: number;
  at: number;
}
