import type { Unit } from '../../definitions/gamification/periods.js';
import type { Verdict } from '../state/verdict.js';
import { updateBadges } from './badges-step.js';
import type { GamePlan, PlannedBadge } from './game-plan.js';
import type { GameChange, GameRun } from './game-run.js';
import { cloneGameState, emptyGameState, type GameState } from './game-state.js';
import { updateLevels } from './levels-step.js';
import { measureEvent, payMilestones, type MeasuredEvent } from './measure-event.js';
import { updateRecords } from './records-step.js';
import { updateStreaks } from './streaks-step.js';
import { updateTiers } from './tiers-step.js';

export interface SubjectInput {
  plan: GamePlan;
  /** The definitions version in force. */
  version: string;
  unit: Unit;
  account: string | null;
  zone: string;
  now: number;
  /** The stored game state (null: none yet). */
  previous: GameState | null;
  /**
   * Whether the subject was known before it had a game state (a user or account from before
   * gamification was defined): its first run is then a silent rebase, like a definitions change.
   */
  known: boolean;
  event: MeasuredEvent | null;
  milestones: Record<string, number>;
  badgeRule: ((badge: PlannedBadge) => Verdict) | null;
  /**
   * A run whose result is read and dropped, never stored or run again (progress as of now): the
   * result's metrics and point caps may be the stored state's own objects (a run without an
   * event never changes them), and no changes are listed.
   */
  readOnly?: boolean;
}

export interface SubjectResult {
  state: GameState;
  changes: GameChange[];
  /** Infinity: nothing changes with time alone. */
  wakeAt: number;
}

/**
 * One subject's gamification at `now`, after the event (or on a tick with none): metrics and
 * points, streaks, records, levels, tiers, then badges, which read them all. Pure.
 *
 * When the stored state was computed with other definitions (or there is none for a subject
 * that existed before), the subject is first brought up to the new definitions silently — as
 * of now, without the event — and only then is the event applied and its changes reported: the
 * past earns what it earns, backdated, without a celebration.
 */
export function runSubject(input: SubjectInput): SubjectResult {
  const rebase = input.previous ? input.previous.version !== input.version : input.known;
  // The metrics are copied one by one as the event measures them (measure-event.ts).
  const state = input.previous
    ? cloneGameState(
        input.previous,
        input.readOnly === true && input.event === null ? 'share' : 'onWrite',
      )
    : emptyGameState(input.version);
  if (rebase) pass(input, state, null, true);
  const run = pass(input, state, input.event, false);
  state.version = input.version;
  state.computedAt = input.now;
  return { state, changes: run.changes, wakeAt: run.wakeAt };
}

function pass(
  input: SubjectInput,
  state: GameState,
  event: MeasuredEvent | null,
  silent: boolean,
): GameRun {
  const run: GameRun = {
    plan: input.plan,
    unit: input.unit,
    account: input.account,
    zone: input.zone,
    now: input.now,
    state,
    storedMetrics:
      input.previous && state.metrics !== input.previous.metrics ? input.previous.metrics : null,
    silent,
    listChanges: input.readOnly !== true,
    milestones: input.milestones,
    badgeRule: input.badgeRule,
    changes: [],
    wakeAt: Infinity,
  };
  if (event) measureEvent(run, event);
  payMilestones(run);
  updateStreaks(run, event ? event.timestamp : null);
  updateRecords(run);
  updateLevels(run);
  updateTiers(run);
  updateBadges(run);
  return run;
}
