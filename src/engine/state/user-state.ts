import type { JsonObject } from '../../core/types.js';
import type { GameState } from '../gamification/game-state.js';

/**
 * The derived state of one user, stored as `profile.state`. Everything in it can be recomputed
 * from the profile and the event log except what is remembered on purpose: when milestones were
 * reached, persona history, segment entry times, the decaying score, and the recent event times
 * that windowed rules need. Plain JSON (type aliases, no optional keys) so it stores as it is.
 */
export type UserState = {
  /** Format of this object, for future upgrades. */
  v: 1;
  /** The definitions version this state was last computed with. */
  definitionsVersion: string;
  computedAt: number;
  /** Signup time: the configured signup event's first time, else first seen. */
  signupAt: number | null;
  milestones: Record<string, MilestoneState>;
  /** Matching events so far for milestones with a property filter, until they are reached. */
  progress: Record<string, number>;
  activation: ActivationState | null;
  answers: Record<string, AnswerState>;
  /** Per persona dimension. */
  personas: Record<string, PersonaState>;
  lifecycle: StageState | null;
  engagement: StageState | null;
  score: ScoreState;
  /** Score thresholds the score is at or above. */
  thresholds: string[];
  /** Current segment memberships. */
  segments: Record<string, { since: number }>;
  /**
   * The most recent times (newest first) of the events that windowed rules count, as many per
   * event as the most demanding rule needs ("at least 3 in 14d" needs the 3 newest).
   */
  recent: Record<string, number[]>;
  /** When a time-based rule could next change its answer with no new event (null: never). */
  nextCheckAt: number | null;
  /**
   * What the last run saw of the profile, so that the next one can tell what changed since
   * (null: never run by this engine, so everything is evaluated).
   */
  seen: SeenProfile | null;
  /**
   * Per rule owner, in the definitions' evaluation order (persona dimensions, stages, segments,
   * each after what it reads; fixed for a definitions version), two times: when its answer could
   * change with no new event (its part of nextCheckAt), and when its evaluation — the answer or
   * that time — could come out differently (before then, evaluating it again with the same inputs
   * gives the same result, so a run whose event does not touch its inputs keeps it without
   * evaluating it). 0 stands for never, and the list ends at the last owner that can change.
   * Plain numbers, so the list stays a compact array.
   */
  checks: number[];
  /**
   * Gamification (metrics per period, points, levels, tiers, badges, streaks, records); null
   * when the definitions have none. States from before it existed have no key at all.
   */
  game?: GameState | null;
  /**
   * The profile's history holds imported events (`cairn import`). Its first run under changed
   * definitions then derives what they reveal as history: no journey starts from it (the
   * runtime's history-first.ts). States from before it existed have no key at all.
   */
  imported?: boolean;
};

/**
 * A few numbers that show whether the profile changed other than by the event being applied
 * (an identity merge adds counters, traits and days): the counters' total, the number of traits
 * and of active days, and last seen.
 */
export type SeenProfile = { events: number; traits: number; days: number; lastSeen: number };

export type MilestoneState = {
  at: number;
  /** The counted event name that reached it, and its messageId when known. */
  event: string;
  messageId: string | null;
};

export type ActivationState = {
  status: 'pending' | 'activated' | 'missed';
  /** When the last required milestone was reached (status activated). */
  at: number | null;
  /** Signup + `within`; null without a time limit or signup. */
  deadline: number | null;
};

export type AnswerState = { value: string; at: number; via: 'trait' | 'event' };

export type PersonaState = {
  persona: string | null;
  since: number;
  /** Index of the matching rule in the dimension. */
  rule: number | null;
  /** Every change, oldest first (bounded). */
  history: { persona: string | null; at: number; rule: number | null }[];
};

export type StageState = {
  stage: string | null;
  since: number;
  rule: number | null;
  /** Engagement stages: 1 (implement) to 4 (expand); null for lifecycle. */
  level: number | null;
};

/** A score as of `at`; its value at any later time t is `value · 2^-((t - at) / half_life)`. */
export type ScoreState = { value: number; at: number };

/** The derived state of an account, stored as `account.state`. */
export type AccountState = {
  v: 1;
  /** Aggregated from the members' events, with the users' weights and half-life. */
  score: ScoreState;
  /** The account's gamification, from its members' events (absent: none yet). */
  game?: GameState | null;
};

export function emptyUserState(): UserState {
  return {
    v: 1,
    definitionsVersion: '',
    computedAt: 0,
    signupAt: null,
    milestones: {},
    progress: {},
    activation: null,
    answers: {},
    personas: {},
    lifecycle: null,
    engagement: null,
    score: { value: 0, at: 0 },
    thresholds: [],
    segments: {},
    recent: {},
    nextCheckAt: null,
    seen: null,
    checks: [],
  };
}

/** Reads a stored `profile.state` (an empty object for a new profile). */
export function readUserState(json: JsonObject): UserState {
  // Only the engine writes this object, always whole; a new format gets a new `v`.
  return json.v === 1 ? (json as unknown as UserState) : emptyUserState();
}

export function readAccountState(json: JsonObject): AccountState {
  if (json.v !== 1) return { v: 1, score: { value: 0, at: 0 } };
  return json as unknown as AccountState;
}
