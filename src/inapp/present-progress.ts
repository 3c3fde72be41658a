import type { Account, Profile } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import { gameProgress, type GameProgress } from '../engine/gamification/game-progress.js';
import { readGameState } from '../engine/gamification/game-state.js';
import { accountZone } from '../engine/gamification/update-gamification.js';
import { userTimeZone } from '../engine/journeys/user-time-zone.js';
import { readAccountState, readUserState } from '../engine/state/index.js';

export interface ProgressAnswer {
  user: GameProgress;
  account: (GameProgress & { id: string }) | null;
}

/**
 * What the widget shows: the user's level and the way to the next, streak counters and badges,
 * and the same for their (first) account. A user not seen yet starts at the entry level.
 */
export function presentProgress(
  definitions: Definitions,
  profile: Profile | null,
  account: Account | null,
  now: number,
): ProgressAnswer {
  const user = userProgress(definitions, profile, now);
  return { user, account: account ? accountProgress(definitions, account, now) : null };
}

/** A user's progress as of `now` (null: one not seen yet, at the entry level). */
export function userProgress(
  definitions: Definitions,
  profile: Profile | null,
  now: number,
): GameProgress {
  const state = profile ? readUserState(profile.state) : null;
  const milestones: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, reached] of Object.entries(state?.milestones ?? {}))
    milestones[name] = reached.at;
  const zone = profile
    ? userTimeZone(profile, definitions)
    : definitions.delivery.default_time_zone;
  return gameProgress(definitions, 'user', state?.game ?? null, zone, now, milestones);
}

/** An account's progress as of `now`, with its id. */
export function accountProgress(
  definitions: Definitions,
  account: Account,
  now: number,
): GameProgress & { id: string } {
  const game = readGameState(readAccountState(account.state) as never);
  const progress = gameProgress(
    definitions,
    'account',
    game,
    accountZone(account, definitions.delivery.default_time_zone),
    now,
    Object.assign(Object.create(null) as Record<string, number>, game?.milestones),
  );
  return { id: account.id, ...progress };
}
