/**
 * Which users a dashboard number counts, as a filter on the user list: every field set must
 * hold. Names (segment, persona dimension, milestone) are compared as data, never spliced into
 * SQL or a JSON path.
 */
export interface ProfileFilter {
  /** A member of this segment now. */
  segment?: string;
  /** The current persona of one dimension (`state.personas[dimension].persona`). */
  persona?: { dimension: string; persona: string };
  /** Reached every one of these milestones; with `inOrder`, in the listed order (equal times
   * allowed), as analytics' ordered funnel counts a step. */
  milestones?: string[];
  inOrder?: boolean;
  /** Activation status is `activated` (true) or anything else (false). */
  activated?: boolean;
  /**
   * Identified users who signed up in [signupFrom, signupTo): the engine's signup time, first
   * seen when it has none (as analytics counts cohorts).
   */
  signupFrom?: number;
  signupTo?: number;
  /**
   * With an activity on a UTC day number in [fromDay, toDay], of any name except `exclude`
   * and, with `excludeViews`, page and screen views (as analytics' ActivityQuery).
   */
  active?: { fromDay: number; toDay: number; exclude: string[]; excludeViews: boolean };
  /**
   * With a run of `journey` that, for `reached`, has `step` in its history (got to it at least
   * once); for `at`, is active and waiting at `step` now; for `passed`, reached it and is not
   * waiting at it now — the runs the journeys page counts per step (journey-stats.ts), as the
   * users who own them.
   */
  journeyStep?: { journey: string; step: string; state: StepState };
}

export type StepState = 'reached' | 'at' | 'passed';

/** The filter as one flat list of nullable values, the order both adapters' SQL numbers them. */
export function filterValues(f: ProfileFilter) {
  return {
    segment: f.segment ?? null,
    dimension: f.persona?.dimension ?? null,
    persona: f.persona?.persona ?? null,
    milestones: f.milestones?.length ? JSON.stringify(f.milestones) : null,
    inOrder: f.inOrder ? 1 : 0,
    activated: f.activated === undefined ? null : f.activated ? 1 : 0,
    signupFrom: f.signupFrom ?? null,
    signupTo: f.signupTo ?? null,
    activeFrom: f.active?.fromDay ?? null,
    activeTo: f.active?.toDay ?? null,
    activeExclude: JSON.stringify(f.active?.exclude ?? []),
    activeNoViews: f.active?.excludeViews ? 1 : 0,
    journey: f.journeyStep?.journey ?? null,
    step: f.journeyStep?.step ?? null,
    stepState: f.journeyStep?.state ?? null,
  };
}

export const hasFilter = (f: ProfileFilter | undefined): f is ProfileFilter =>
  f !== undefined && Object.values(f).some((v) => v !== undefined);
