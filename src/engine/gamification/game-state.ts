import type { JsonObject } from '../../core/types.js';

/**
 * The gamification state of one user (`profile.state.game`) or account (`account.state.game`).
 * Plain JSON, so it stores as it is. Keys named in the definitions (metrics, ladders, badges…)
 * are snake_case names; read them with `own()` so a name like `constructor` never reaches a
 * prototype.
 */
export type GameState = {
  v: 1;
  /** The definitions version it was last computed with: a different one is a silent rebase. */
  version: string;
  computedAt: number;
  metrics: Record<string, MetricState>;
  /** Total points earned. */
  points: number;
  /** Per point rule (its index), points earned in its cap's current period. */
  caps: Record<string, [period: number, earned: number]>;
  /** Milestones already paid by milestone point rules. */
  paid: string[];
  /** Accounts only: milestones any member reached, with the first time. */
  milestones: Record<string, number>;
  levels: Record<string, { index: number; at: number }>;
  tiers: Record<string, TierState>;
  badges: Record<string, BadgeState>;
  streaks: Record<string, StreakState>;
  records: Record<string, RecordState>;
};

/** [period number, value], newest period first, a bounded number per kind. */
export type Bucket = [period: number, value: number];

export type MetricState = {
  day: Bucket[];
  week: Bucket[];
  month: Bucket[];
  quarter: Bucket[];
  /** active_days metrics: the local days already counted, newest first (bounded). */
  days: number[];
};

export type TierState = {
  /** The period whose tier this is (held during it, earned in the one before). */
  period: number;
  /** Index in the ladder's steps; −1: none. */
  index: number;
  at: number;
};

export type BadgeState = { at: number; backdated: boolean };

export type StreakState = {
  current: number;
  longest: number;
  /** The last period met (or covered by a freeze); null: never met. */
  last: number | null;
  /** The first period of the current streak. */
  started: number | null;
  freezes: number;
  /** Freezes used, ever. */
  used: number;
  /** The period the at-risk moment was reported for. */
  risk: number | null;
  /** The length of the streak last lost (for a "restore" or a win-back message). */
  lost: number;
};

export type RecordState = {
  /** The best value of a completed period, and that period. */
  best: number;
  bestPeriod: number | null;
  /** The period being measured now, its value so far, and whether it was reported as a record. */
  open: number | null;
  openValue: number;
  told: boolean;
};

export function emptyGameState(version: string): GameState {
  return {
    v: 1,
    version,
    computedAt: 0,
    metrics: {},
    points: 0,
    caps: {},
    paid: [],
    milestones: {},
    levels: {},
    tiers: {},
    badges: {},
    streaks: {},
    records: {},
  };
}

/** A stored game state, or null when there is none yet (or it is in an unknown format). */
export function readGameState(json: JsonObject | undefined | null): GameState | null {
  const game = json?.game;
  if (!game || typeof game !== 'object' || Array.isArray(game) || game.v !== 1) return null;
  return game as unknown as GameState;
}

/** A copy deep enough to change without touching the stored object (runs are retried). */
export function cloneGameState(state: GameState): GameState {
  return cloneJson(state) as GameState;
}

/**
 * A deep copy of plain JSON data. `structuredClone` serializes and rebuilds every value: run
 * for the game state of every event, it was ~9% of the CPU time of returning users' events on
 * the whole path (`npm run bench:path`); walking the values is several times cheaper. A key
 * named `__proto__` (names come from the definitions) is copied as an own property.
 */
function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i]);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = item;
  }
  return copy;
}

/** The record's own value for a key, never one inherited from Object.prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
