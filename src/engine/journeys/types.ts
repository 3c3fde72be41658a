/**
 * Terminology (journeys; see ARCHITECTURE.md "Journeys")
 *
 * - journey:     a definition in cairn.yaml: trigger, steps, goal, exit conditions, entry policy,
 *                holdout share, priority. Its `version` is a hash of its own definition.
 * - occurrence:  something that happened to a user, as journeys see it: a tracked event, a state
 *                change of the state engine (`Milestone Reached`, `Segment Entered`…), a trait
 *                change, a schedule firing, or something that happened to one of their accounts.
 *                Triggers, waits, goals and exit conditions all match occurrences.
 * - run:         one user in one journey, from entry to its end. It stays on the journey version
 *                it started on. Between two calls an active run is always waiting at a step.
 * - step:        one instruction of a journey, found by its `id` (stable across versions).
 * - visit:       the n-th time a run executes a step (1 in a journey without loops); with the run
 *                and the step it makes the idempotency key of the step's effect.
 * - command:     what a step asks the runtime to do, as data (`send`, `wait`, `waitFor`,
 *                `update`, `notify`, `exit`, `convert`). The interpreter performs no effect.
 * - held out:    a run whose user is in the journey's holdout share (by hashing user and journey):
 *                it goes through every step, its messages are recorded as `heldOut` (would have
 *                been sent) and never delivered, and it converts like any other run, so the lift
 *                of the journey is measured against it.
 * - listening:   a run that still reacts to occurrences: an active run, or a completed one whose
 *                goal window is still open (so a conversion after the last step still counts).
 */
import type { Account, JsonObject, Profile } from '../../core/types.js';
import type { NotifyChannel, Priority, Rule, SendChannel } from '../../definitions/index.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import type { EvalContext } from '../state/eval-context.js';
import type { Verdict } from '../state/verdict.js';

export interface Occurrence {
  /** Unique per occurrence (an event's messageId; derived for the others); run ids use it. */
  key: string;
  /** The event name, or the state change's name (`Milestone Reached`, `Trait Changed`…). */
  name: string;
  properties: JsonObject;
  /** When it happened in the product (for a state change, when its causing event happened). */
  timestamp: number;
  /** Caused by an imported event (a backfill): starts no journey, satisfies no wait or goal. */
  imported: boolean;
  /** The account it happened to, for account-level occurrences fanned out to members. */
  account: string | null;
  /** For a state change caused by an event: that event, so templates can quote it. */
  cause: { event: string; properties: JsonObject } | null;
}

/** What a run remembers of the occurrence that started it (for branches and templates). */
export type RunTrigger = Omit<Occurrence, 'imported'>;

export type RunStatus = 'active' | 'completed' | 'converted' | 'exited';

/** What an active run waits for at its current step. */
export type Waiting =
  | { kind: 'time'; stepId: string; until: number }
  | { kind: 'event'; stepId: string; event: string; timeoutAt: number }
  | { kind: 'rule'; stepId: string; timeoutAt: number };

export type StepOutcome =
  | 'entered'
  | 'sent'
  | 'held_out'
  | 'notified'
  | 'updated'
  | 'waiting'
  | 'resumed'
  | 'passed'
  | 'matched'
  | 'timed_out'
  | 'path'
  | 'completed'
  | 'converted'
  | 'exited'
  | 'migrated';

/** One line of a run's history, for the admin API's step history. */
export interface StepRecord {
  at: number;
  /** null for run-level records (entered, converted, exit condition, migrated). */
  stepId: string | null;
  outcome: StepOutcome;
  detail?: string;
}

/** The persisted state of a run: plain JSON. */
export interface JourneyRun {
  /** Deterministic from (user, journey, trigger key): a replayed trigger cannot start twice. */
  id: string;
  journeyId: string;
  /** The journey version the run follows. */
  version: string;
  /** The profile id. */
  userId: string;
  status: RunStatus;
  heldOut: boolean;
  trigger: RunTrigger;
  enteredAt: number;
  /** Set while active: the step the run is at and what it waits for. */
  waiting: Waiting | null;
  /** When the run needs a timer input (its durable timer's due time); null: no timer. */
  wakeAt: number | null;
  /** enteredAt + goal.within; null without a goal window. */
  goalDeadline: number | null;
  /** Visits per step id (see terminology). */
  visits: Record<string, number>;
  history: StepRecord[];
  /** When the steps ended (completed, exited or converted). */
  endedAt: number | null;
  exitReason: string | null;
  convertedAt: number | null;
}

/** The user as the interpreter reads them, after the occurrence was applied to the profile. */
export interface UserSnapshot {
  /** The loaded workspace definitions (rules read personas, segments, the score section). */
  definitions: LoadedDefinitions;
  /** The profile with its derived state (`profile.state`). */
  profile: Profile;
  accounts: Account[];
  /**
   * Rules already evaluated on this snapshot at one moment (evaluate-rule.ts): each distinct
   * rule is evaluated once however many runs read it. Whoever builds the snapshot keeps the memo
   * only while the profile, its state and its accounts stay as they are.
   */
  verdicts?: VerdictMemo;
}

/** Verdicts of the rules evaluated on one snapshot at `now` (see `UserSnapshot.verdicts`). */
export interface VerdictMemo {
  now: number;
  byRule: Map<Rule, Verdict>;
  /** What the rules read, built at the first evaluation. */
  context: EvalContext | null;
}

/** What moves a run. */
export type RunInput =
  { kind: 'start' } | { kind: 'timer' } | { kind: 'occurrence'; occurrence: Occurrence };

interface CommandBase {
  runId: string;
  journeyId: string;
  userId: string;
  /** When the command was produced (the `now` of the call). */
  at: number;
}

export interface SendCommand extends CommandBase {
  op: 'send';
  stepId: string;
  channel: SendChannel;
  template: string;
  /** The step's topic, or null (the template's own, or marketing in general). */
  topic: string | null;
  transactional: boolean;
  priority: Priority;
  /** `<run id>:<step id>:<visit>`; back it with a unique index. */
  idempotencyKey: string;
  /** A would-have-sent record: never delivered. */
  heldOut: boolean;
  trigger: RunTrigger;
}

export interface WaitCommand extends CommandBase {
  op: 'wait';
  stepId: string;
  until: number;
}

export interface WaitForCommand extends CommandBase {
  op: 'waitFor';
  stepId: string;
  /** The event waited for, or null when waiting for a rule. */
  event: string | null;
  rule: Rule | null;
  timeoutAt: number;
}

export interface UpdateCommand extends CommandBase {
  op: 'update';
  stepId: string;
  set: JsonObject;
  unset: string[];
  points: number;
  tags: string[];
  idempotencyKey: string;
}

export interface NotifyCommand extends CommandBase {
  op: 'notify';
  stepId: string;
  channel: NotifyChannel;
  template: string;
  to: string | null;
  idempotencyKey: string;
  /** Alerts are part of the treatment: held-out runs record them, never deliver them. */
  heldOut: boolean;
  trigger: RunTrigger;
}

export interface ExitCommand extends CommandBase {
  op: 'exit';
  /** The exit step's reason, `exit_condition`, `step_removed` or `journey_removed`. */
  reason: string;
  stepId: string | null;
}

export interface ConvertCommand extends CommandBase {
  op: 'convert';
  heldOut: boolean;
  enteredAt: number;
  /** What reached the goal: the occurrence name, or `rule`. */
  via: string;
}

export type JourneyCommand =
  | SendCommand
  | WaitCommand
  | WaitForCommand
  | UpdateCommand
  | NotifyCommand
  | ExitCommand
  | ConvertCommand;
