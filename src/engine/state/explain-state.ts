import { runState, type StateInput } from './apply-state.js';
import type { OwnerExplanation } from './apply-context.js';
import { currentScore } from './current-score.js';
import type { UserState } from './user-state.js';

/** A user's state at `now` with the reason for each answer, for the admin API's "why". */
export interface StateExplanation {
  at: number;
  /** The state as a tick at `now` would compute it (not stored by this call). */
  state: UserState;
  /** The user's score decayed to `now` (null without a score section). */
  score: number | null;
  personas: Record<string, OwnerExplanation>;
  lifecycle: OwnerExplanation | null;
  engagement: OwnerExplanation | null;
  segments: Record<string, OwnerExplanation>;
}

/**
 * Evaluates every rule at `now` without an event (all of them, as a full evaluation does) and says
 * why each answer holds. Pure.
 */
export function explainState(input: Omit<StateInput, 'event'>): StateExplanation {
  const { ctx } = runState({ ...input, event: null, explain: true });
  const explanations = ctx.explanations!;
  const personas: Record<string, OwnerExplanation> = {};
  const segments: Record<string, OwnerExplanation> = {};
  for (const [owner, explanation] of explanations) {
    const [section, name] = owner.split('.', 2);
    if (section === 'personas') personas[name!] = explanation;
    else if (section === 'segments') segments[name!] = explanation;
  }
  return {
    at: input.now,
    state: ctx.state,
    score: currentScore(input.definitions, ctx.state, input.now),
    personas,
    lifecycle: explanations.get('lifecycle') ?? null,
    engagement: explanations.get('engagement') ?? null,
    segments,
  };
}
