import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { scoreAt } from './decay.js';
import type { AccountState, UserState } from './user-state.js';

/** A stored score (user or account state) decayed to `now`; null without a score section. */
export function currentScore(
  definitions: LoadedDefinitions,
  state: Pick<UserState | AccountState, 'score'>,
  now: number,
): number | null {
  const definition = definitions.definitions.score;
  return definition ? scoreAt(state.score, now, definition.half_life) : null;
}
