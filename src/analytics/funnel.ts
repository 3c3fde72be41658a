import type { AnalyticsUserRow } from '../store/analytics-store.js';
import { rateCell, quantile, type RateCell } from './statistics.js';

export type FunnelOrder = 'ordered' | 'any';

export interface FunnelStep {
  milestone: string;
  /** Users who reached this step (and, ordered, every earlier one before it). */
  users: number;
  /** ÷ the users of the previous step (the population for the first step). */
  fromPrevious: RateCell;
  /** ÷ the whole population. */
  fromStart: RateCell;
  /** Median time from the previous step (from signup for the first), over this step's users. */
  medianFromPreviousMs: number | null;
}

/**
 * The funnel over milestones. `ordered`: a user is at step k when they reached milestones 1…k
 * in that order (equal times allowed); `any`: when they reached all of 1…k, in any order, and
 * the step's time is when the last of them was reached. Milestones are reached once, so each
 * user has one time per milestone and can never count more than once at a step: no step
 * exceeds the one before it.
 */
export function funnel(
  users: readonly AnalyticsUserRow[],
  steps: readonly string[],
  order: FunnelOrder,
  minSize: number,
): FunnelStep[] {
  const reached = new Array<number>(steps.length).fill(0);
  const gaps: number[][] = steps.map(() => []);
  for (const u of users) {
    let previous = u.signupAt;
    for (let k = 0; k < steps.length; k++) {
      const at = Object.hasOwn(u.milestones, steps[k]) ? u.milestones[steps[k]] : undefined;
      if (at === undefined) break;
      let time: number;
      if (order === 'ordered') {
        if (k > 0 && at < previous) break;
        time = at;
      } else {
        time = Math.max(previous, at);
      }
      reached[k]++;
      gaps[k].push(Math.max(0, time - previous));
      previous = time;
    }
  }
  return steps.map((milestone, k) => ({
    milestone,
    users: reached[k],
    fromPrevious: rateCell(reached[k], k === 0 ? users.length : reached[k - 1], minSize),
    fromStart: rateCell(reached[k], users.length, minSize),
    medianFromPreviousMs: quantile(
      gaps[k].sort((a, b) => a - b),
      0.5,
    ),
  }));
}
