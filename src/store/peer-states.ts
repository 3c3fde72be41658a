import type { GameState } from '../engine/gamification/game-state.js';

/**
 * What peer comparisons (a report run) read of each identified user: its first account, and
 * of its state the game state's metrics and badges and the milestones reached — not the rest of
 * the profile document (traits, counters, the rest of the state), which a run of 100,000
 * recipients would otherwise parse for every user.
 */
export interface PeerState {
  id: string;
  /** The profile's first account, or null. */
  account: string | null;
  /** Null when the state has no game state, or is of another format (read as empty). */
  game: Pick<GameState, 'metrics' | 'badges'> | null;
  /** Milestones reached (the state's milestone names). */
  milestones: string[];
}

/** A row as both stores' queries give it, the JSON parts parsed. */
export interface PeerStateRow {
  id: string;
  account: string | null;
  /** The state's format: only 1 is read, as readUserState does. */
  v: unknown;
  metrics: GameState['metrics'] | null;
  badges: GameState['badges'] | null;
  milestones: Record<string, unknown> | null;
}

export function peerStateOf(row: PeerStateRow): PeerState {
  const current = row.v === 1;
  return {
    id: row.id,
    account: row.account,
    game:
      current && row.metrics !== null ? { metrics: row.metrics, badges: row.badges ?? {} } : null,
    milestones: current && row.milestones !== null ? Object.keys(row.milestones) : [],
  };
}
