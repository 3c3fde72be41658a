import { cloneJson } from '../../core/clone-json.js';
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

/**
 * A copy deep enough to change without touching the stored object (runs are retried), field by
 * field: every object and array of the state is new, the numbers and strings shared. It runs for
 * every event of every user and account, and copying by the type's shape costs about half of a
 * generic deep copy (`cloneJson`). A field added to the state, or to one of its entries, that holds
 * an object or an array must be copied here too (game-state.test.ts checks every field).
 *
 * `measures`, for the metrics and the point caps: `copy` (the default) copies them too; `share`
 * keeps the stored ones — only an event changes them (measure-event.ts), so a run without one
 * (progress as of now, read for every report and widget) need not copy its largest part; and
 * `onWrite` copies the metrics' table but shares each metric, which measure-event.ts copies
 * before it changes it (`ownMetric`): an event measures one or two metrics of the several a
 * state holds, and copying them all was most of the state engine's copying per event.
 */
export function cloneGameState(
  state: GameState,
  measures: 'copy' | 'share' | 'onWrite' = 'copy',
): GameState {
  const shareMeasures = measures === 'share';
  const copy: GameState = {
    ...state,
    metrics: shareMeasures
      ? state.metrics
      : copyRecord(state.metrics, measures === 'onWrite' ? (metric) => metric : copyMetric),
    caps: shareMeasures
      ? state.caps
      : copyRecord(state.caps, (cap) =>
          Array.isArray(cap) && cap.length === 2 ? [cap[0], cap[1]] : cloneJson(cap),
        ),
    paid: Array.isArray(state.paid) ? state.paid.slice() : cloneJson(state.paid),
    milestones: copyRecord(state.milestones, (at) => at),
    levels: copyRecord(state.levels, copyFlat),
    tiers: copyRecord(state.tiers, copyFlat),
    badges: copyRecord(state.badges, copyFlat),
    streaks: copyRecord(state.streaks, copyFlat),
    records: copyRecord(state.records, copyFlat),
  };
  // A field this version does not know (a newer writer's) is copied all the same.
  for (const key of Object.keys(state))
    if (!KNOWN_FIELDS.has(key))
      (copy as Record<string, unknown>)[key] = cloneJson(state[key as never]);
  return copy;
}

const KNOWN_FIELDS = new Set(Object.keys(emptyGameState('')));

/** A metric's own copy, to change (see cloneGameState's `onWrite`). */
export function copyMetric(metric: MetricState): MetricState {
  if (!isRecord(metric) || !Array.isArray(metric.days)) return cloneJson(metric);
  return {
    ...metric,
    day: copyBuckets(metric.day),
    week: copyBuckets(metric.week),
    month: copyBuckets(metric.month),
    quarter: copyBuckets(metric.quarter),
    days: metric.days.slice(),
  };
}

function copyBuckets(buckets: Bucket[]): Bucket[] {
  if (!Array.isArray(buckets)) return cloneJson(buckets);
  const out = new Array<Bucket>(buckets.length);
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[i]!;
    out[i] =
      Array.isArray(bucket) && bucket.length === 2 ? [bucket[0], bucket[1]] : cloneJson(bucket);
  }
  return out;
}

/** An entry whose fields are numbers, strings, booleans or null (anything else: a deep copy). */
function copyFlat<T>(entry: T): T {
  if (!isRecord(entry)) return cloneJson(entry);
  for (const key in entry) {
    const value = entry[key];
    if (value !== null && typeof value === 'object') return cloneJson(entry);
  }
  return { ...entry };
}

/** A plain object (not null, not an array) with the usual prototype. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * A record keyed by names from the definitions, each entry copied; its prototype (plain or
 * none) is kept, and a key named `__proto__` stays an own key.
 */
function copyRecord<T>(record: Record<string, T>, copy: (entry: T) => T): Record<string, T> {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    return cloneJson(record);
  const out: Record<string, T> =
    Object.getPrototypeOf(record) === null ? (Object.create(null) as Record<string, T>) : {};
  for (const key of Object.keys(record)) {
    const entry = copy(record[key]!);
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: entry,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else out[key] = entry;
  }
  return out;
}

/** The record's own value for a key, never one inherited from Object.prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
