import type { StatePlan } from './state-plan.js';

/**
 * Per-owner working arrays of one run, kept with the plan and reused by every run instead of
 * allocated for each: a run is synchronous and never starts another, so one set per plan is
 * enough. Each run resets what it uses.
 */
export interface Scratch {
  /** Owners' change and recheck times as evaluated so far (RuleContext). */
  changeAt: Float64Array;
  recheckAt: Float64Array;
  /** Owners whose inputs changed (staleOwners). */
  stale: Uint8Array;
  /** Owners that came out differently from the previous state (updateRuleOwners). */
  moved: Uint8Array;
}

const scratches = new WeakMap<StatePlan, Scratch>();

export function scratch(plan: StatePlan): Scratch {
  let found = scratches.get(plan);
  if (!found) {
    const size = plan.owners.length;
    found = {
      changeAt: new Float64Array(size),
      recheckAt: new Float64Array(size),
      stale: new Uint8Array(size),
      moved: new Uint8Array(size),
    };
    scratches.set(plan, found);
  }
  return found;
}
