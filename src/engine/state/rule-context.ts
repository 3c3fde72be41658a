import type { Profile } from '../../core/types.js';
import type { AccountView } from './eval-context.js';
import type { StatePlan } from './state-plan.js';
import type { UserState } from './user-state.js';

/** A moment that never comes without a new event (a change time or a recheck time). */
export const NEVER = Infinity;

/**
 * What compiled rules read, and where they leave what they found. A rule returns whether it
 * holds and leaves in the context:
 *
 * - `changeAt`: the earliest moment its answer could change with no new event (a lower bound;
 *   NEVER: not without one), which becomes part of nextCheckAt;
 * - `recheckAt`: the earliest moment its evaluation — the answer *or* its changeAt — could come
 *   out differently (≤ changeAt; `now` when it depends on the exact time, like a decaying score's
 *   crossing). Until then, with nothing it reads changed, evaluating it again is pointless: this
 *   is what lets the engine skip unchanged rule owners;
 * - `facts`: the observations in words, appended only when `explain` is set.
 *
 * Writing into one context instead of returning an object per rule keeps evaluation free of
 * allocations: it runs for every rule owner the event may affect, on every event.
 */
export interface RuleContext {
  now: number;
  profile: Profile;
  /** Filled in order: milestones, activation, answers and score first, then each rule owner. */
  state: UserState;
  accounts: AccountView[];
  plan: StatePlan;
  explain: boolean;
  facts: string[];
  changeAt: number;
  recheckAt: number;
  /** Per rule owner (plan index) evaluated so far: read by persona, stage and segment rules. */
  ownerChangeAt: Float64Array;
  ownerRecheckAt: Float64Array;
}

/**
 * Records the outcome of a rule whose evaluation cannot differ before its answer can change
 * (true of every leaf whose change time does not depend on `now`).
 */
export function decided(ctx: RuleContext, value: boolean, changeAt: number): boolean {
  ctx.changeAt = changeAt;
  ctx.recheckAt = changeAt;
  return value;
}

/**
 * Records an outcome. An answer that can never change without an event keeps its evaluation
 * too (every part that decides it is settled for good), so it needs no recheck either.
 */
export function outcomeOf(
  ctx: RuleContext,
  value: boolean,
  changeAt: number,
  recheckAt: number,
): boolean {
  ctx.changeAt = changeAt;
  ctx.recheckAt = changeAt === NEVER ? NEVER : recheckAt;
  return value;
}

/** Evaluates `node` with its facts collected apart, and returns them (explaining only). */
export function factsApart(ctx: RuleContext, node: (ctx: RuleContext) => boolean): string[] {
  const outer = ctx.facts;
  ctx.facts = [];
  node(ctx);
  const facts = ctx.facts;
  ctx.facts = outer;
  return facts;
}

/** Evaluates `node` with explanations on and returns its facts: only for reported changes. */
export function explainNode(ctx: RuleContext, node: (ctx: RuleContext) => boolean): string[] {
  const { explain, changeAt, recheckAt } = ctx;
  ctx.explain = true;
  try {
    return factsApart(ctx, node);
  } finally {
    ctx.explain = explain;
    ctx.changeAt = changeAt;
    ctx.recheckAt = recheckAt;
  }
}
