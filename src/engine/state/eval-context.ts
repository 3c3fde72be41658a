import type { Profile } from '../../core/types.js';
import type { RuleOwner } from '../../definitions/rule-walk.js';
import type { StatePlan } from './state-plan.js';
import type { ScoreState, UserState } from './user-state.js';

/** One of the user's accounts, as account rules see it. */
export interface AccountView {
  id: string;
  traits: Profile['traits'];
  score: ScoreState;
}

/**
 * What a rule evaluated on its own (compileRule, as journeys do) is evaluated against: the folded
 * profile and a state. The engine's runs use the richer RuleContext.
 */
export interface EvalContext {
  now: number;
  profile: Profile;
  /** Filled in order: milestones, activation, answers and score first, then each rule owner. */
  state: UserState;
  accounts: AccountView[];
  plan: StatePlan;
  /** Write the facts behind each answer (only when reporting a change or explaining). */
  explain: boolean;
  /** When each rule owner evaluated so far could change (for persona/stage/segment references). */
  ownerChangeAt: Map<RuleOwner, number | null>;
}
