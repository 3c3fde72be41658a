export { applyState, type StateInput, type StateResult } from './apply-state.js';
export { explainState, type StateExplanation } from './explain-state.js';
export { currentScore } from './current-score.js';
export {
  emptyUserState,
  readAccountState,
  readUserState,
  type AccountState,
  type ActivationState,
  type AnswerState,
  type MilestoneState,
  type PersonaState,
  type ScoreState,
  type StageState,
  type UserState,
} from './user-state.js';
export type * from './state-change.js';
export { STATE_CHANGE_NAMES } from './state-change.js';
