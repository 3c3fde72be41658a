import type { JsonObject } from '../core/types.js';
import type { Comparison } from './comparison.js';
import type { PropertyFilter } from './property-filter.js';
import type { Rule } from './rule-types.js';
import type { Weekday } from './time-of-day.js';

/**
 * A journey as written in `cairn.yaml`, once validated and normalised (durations in
 * milliseconds, times of day in minutes since midnight, shorthands expanded). Plain JSON, so a
 * run's version of it can be stored as it is and read back.
 */
export interface Journey {
  name?: string;
  description?: string;
  /** false: no new runs start; live runs finish. */
  enabled: boolean;
  /** true: validated and listed, never started (work in progress). */
  draft: boolean;
  /** Decides which message gets a capped slot first, and which caps apply (see delivery). */
  priority: Priority;
  trigger: Trigger;
  /** Must hold when the trigger happens, or the user does not enter. */
  audience?: Rule;
  entry: EntryPolicy;
  /** Several live runs of this journey for one user at once (default: one). */
  concurrent: boolean;
  /** Share of entrants (0–1), chosen by hashing user and journey, who receive nothing. */
  holdout: number;
  goal?: Goal;
  /** Any of these ends a live run (reason `exit_when[i]`). */
  exit_when: Condition[];
  /** A trigger older than this never starts a run (default: the delivery section's). */
  max_event_age?: number;
  steps: Step[];
}

export type Priority = 'low' | 'normal' | 'high';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high'];

export type EntryPolicy =
  | { kind: 'once' }
  | { kind: 'every_time' }
  /** Again once `cooldown` has passed since the previous entry. */
  | { kind: 'cooldown'; cooldown: number };

/** What starts a run: one key names the kind. */
export type Trigger =
  | EventTrigger
  | { milestone: string[] | true }
  | { activated: true }
  | { persona_changed: string[] | true }
  | { segment_entered: string }
  | { segment_exited: string }
  | { stage_changed: string[] | true }
  | ScoreCrossedTrigger
  | TraitChangedTrigger
  | { schedule: string }
  | { account: AccountTrigger; members: MemberFilter };

export interface EventTrigger {
  event: string;
  where?: PropertyFilter;
}
export interface ScoreCrossedTrigger {
  score_crossed: string;
  direction: 'up' | 'down';
}
export interface TraitChangedTrigger {
  trait_changed: string;
  /** The new value must pass this comparison. */
  to?: Comparison;
}

/** What happens to an account: an event attributed to it, a trait change, a score crossing. */
export type AccountTrigger = EventTrigger | TraitChangedTrigger | ScoreCrossedTrigger;

/** Which members of the account enter: all, or those whose `trait` is one of `in`. */
export type MemberFilter = 'all' | { trait: string; in: string[] };

/** Something to observe: an event (with a property filter), or a rule over the user. */
export type Condition = EventCondition | RuleCondition;
export interface EventCondition {
  event: string;
  where?: PropertyFilter;
}
export interface RuleCondition {
  rule: Rule;
}

/** Reaching it ends the run as converted, if within `within` of entry (no window: while live). */
export type Goal = Condition & { within?: number };

export type SendChannel = 'email' | 'inapp' | 'webhook' | 'slack';
export const SEND_CHANNELS: readonly SendChannel[] = ['email', 'inapp', 'webhook', 'slack'];
export type NotifyChannel = 'webhook' | 'slack';
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['webhook', 'slack'];

/** One step. `id` is how a run finds its place: keep it when editing a journey. */
export type Step =
  SendStep | WaitStep | WaitUntilStep | BranchStep | SplitStep | UpdateStep | NotifyStep | ExitStep;

interface StepBase {
  id: string;
  description?: string;
}

export interface SendStep extends StepBase {
  send: {
    channel: SendChannel;
    template: string;
    /** The subscription topic (marketing); the template's own topic otherwise. */
    topic?: string;
    /** Exempt from caps, quiet hours and marketing consent (receipts, login instructions). */
    transactional: boolean;
    /** Overrides the journey's priority for this message. */
    priority?: Priority;
    /**
     * In-app only. `next_login`: the run waits at this step for the user's next login (the
     * `Logged In` event), for up to `within`, and the message is queued then, so it is new in
     * the inbox when they come back; no login in time, and it is not sent. Goals and exit
     * conditions still end the wait, so a tip never outlives its reason.
     */
    show?: 'next_login';
    /** How long a `next_login` message waits for the login (milliseconds; default 14 days). */
    within?: number;
  };
}

/** The event a `show: next_login` message waits for: the product's sign-in event. */
export const LOGIN_EVENT = 'Logged In';
/** How long a `show: next_login` message waits for a login when its step says nothing. */
export const NEXT_LOGIN_WITHIN = 14 * 86_400_000;

/** A duration, then (if given) until the next local time `at` on one of `days`. */
export interface WaitStep extends StepBase {
  wait: { for?: number; at?: number; days?: Weekday[] };
}

export interface WaitUntilStep extends StepBase {
  wait_until: Condition & { timeout: number };
  /** Run on timeout, then the journey continues after this step. */
  on_timeout?: Step[];
}

/** The first path whose `when` (a rule) and `where` (on the trigger's properties) hold. */
export interface BranchStep extends StepBase {
  branch: BranchPath[];
}
export interface BranchPath {
  when?: Rule;
  where?: PropertyFilter;
  steps: Step[];
}

/** Random paths by percentage, sticky per user (hash of user, journey and step). */
export interface SplitStep extends StepBase {
  split: SplitPath[];
}
export interface SplitPath {
  name: string;
  percent: number;
  steps: Step[];
}

export interface UpdateStep extends StepBase {
  update: {
    set?: JsonObject;
    unset?: string[];
    /** Added to the `points` trait. */
    points?: number;
    /** Added to the `tags` trait (a list). */
    tags?: string[];
  };
}

/** An alert about the user to the team (a CSM on Slack, a CRM webhook). */
export interface NotifyStep extends StepBase {
  notify: { channel: NotifyChannel; template: string; to?: string };
}

export interface ExitStep extends StepBase {
  /** The exit reason, recorded on the run. */
  exit: string;
}

export type StepKind =
  'send' | 'wait' | 'wait_until' | 'branch' | 'split' | 'update' | 'notify' | 'exit';
export const STEP_KINDS: readonly StepKind[] = [
  'send',
  'wait',
  'wait_until',
  'branch',
  'split',
  'update',
  'notify',
  'exit',
];

export function stepKind(step: Step): StepKind {
  for (const kind of STEP_KINDS) if (kind in step) return kind;
  throw new Error(`step ${(step as StepBase).id} has no kind`);
}
