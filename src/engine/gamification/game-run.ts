import type { Unit } from '../../definitions/gamification/periods.js';
import type { GameChangeMap, GameChangeName } from './game-changes.js';
import type { GamePlan, PlannedBadge } from './game-plan.js';
import type { GameState, MetricState } from './game-state.js';
import type { Verdict } from '../state/verdict.js';

/** One subject's gamification run: what the steps read, and what they report. */
export interface GameRun {
  plan: GamePlan;
  unit: Unit;
  /** The account's id (account runs), or null. */
  account: string | null;
  /** The subject's IANA time zone: every period is read on its wall clock. */
  zone: string;
  now: number;
  /** Being updated in place (a copy of the stored state). */
  state: GameState;
  /**
   * The stored state's metrics when `state.metrics` still shares their entries (copied on
   * write: `cloneGameState`'s `onWrite`); null when every metric of `state` is its own.
   */
  storedMetrics: Record<string, MetricState> | null;
  /**
   * A rebase after a definitions change: everything is computed, nothing is reported, badges
   * are marked backdated — a new badge rule or a lowered threshold does not flood anyone with
   * celebrations for the past.
   */
  silent: boolean;
  /** False when the run's changes are not wanted (its state is only read): none are made. */
  listChanges: boolean;
  /** Milestones the subject reached, with their times. */
  milestones: Record<string, number>;
  /** A user's badge rule, evaluated as journeys evaluate theirs (null for accounts). */
  badgeRule: ((badge: PlannedBadge) => Verdict) | null;
  changes: GameChange[];
  /** The earliest moment something could change with no new event (Infinity: never). */
  wakeAt: number;
}

export interface GameChange {
  name: GameChangeName;
  properties: GameChangeMap[GameChangeName];
  /** The definition that decided it: `streaks.daily_active`. */
  rule: string;
  facts: string[];
}

export function report<N extends GameChangeName>(
  run: GameRun,
  name: N,
  properties: Omit<GameChangeMap[N], 'unit' | 'account'>,
  rule: string,
  facts: string[],
): void {
  if (run.silent || !run.listChanges) return;
  run.changes.push({
    name,
    properties: { ...properties, unit: run.unit, account: run.account } as GameChangeMap[N],
    rule,
    facts,
  });
}

export function wakeAt(run: GameRun, at: number): void {
  if (at > run.now && at < run.wakeAt) run.wakeAt = at;
}
