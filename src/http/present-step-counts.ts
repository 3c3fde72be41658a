import type { StepCountRow } from '../store/store.js';

export interface StepCount {
  /** Runs with the step in their history. */
  reached: number;
  /** Active runs waiting at the step now. */
  at: number;
  /** Runs that reached the step and are not at it now. */
  passed: number;
}

/** Journey id → step id → counts; maps without a prototype, since both ids are user-named. */
export function stepCountsByJourney(rows: StepCountRow[]): Map<string, Record<string, StepCount>> {
  const out = new Map<string, Record<string, StepCount>>();
  for (const row of rows) {
    let steps = out.get(row.journeyId);
    if (!steps) out.set(row.journeyId, (steps = Object.create(null) as Record<string, StepCount>));
    const reached = Number(row.reached);
    const at = Number(row.at);
    steps[row.stepId] = { reached, at, passed: reached - at };
  }
  return out;
}
