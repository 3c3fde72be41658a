import type { Account, IncomingEvent, Profile } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { counterName } from '../profile/counter-name.js';
import { updateActivation } from './activation.js';
import { updateAnswers } from './answers.js';
import type { ApplyContext } from './apply-context.js';
import type { AccountView } from './eval-context.js';
import { inputChanges } from './input-changes.js';
import { updateMilestones } from './milestones.js';
import { INPUT } from './owner-inputs.js';
import { updateRecentTimes } from './recent-times.js';
import { NEVER } from './rule-context.js';
import { updateRuleOwners } from './rule-owners.js';
import { updateScore } from './score-step.js';
import { updateGamification } from '../gamification/update-gamification.js';
import { scratch } from './scratch.js';
import { signupTime } from './signup-time.js';
import { staleOwners } from './stale-owners.js';
import type { StateChange } from './state-change.js';
import { statePlan } from './state-plan.js';
import {
  readAccountState,
  readUserState,
  type AccountState,
  type UserState,
} from './user-state.js';

export interface StateInput {
  definitions: LoadedDefinitions;
  /** The user's profile, with the event already folded into it (counters, traits, last seen). */
  profile: Profile;
  /** The accounts the user belongs to (`profile.accounts`), for account rules and scores. */
  accounts: Account[];
  /** The event being applied, or null for a time check (a tick). */
  event: IncomingEvent | null;
  /** The clock's time: rules are evaluated at this moment. */
  now: number;
  /**
   * Evaluate every rule owner, not only those the event may affect. The result is the same
   * (test/engine/incremental-equivalence.test.ts holds the engine to it); this is the reference.
   */
  fullEvaluation?: boolean;
}

export interface StateResult {
  /** The new `profile.state`. */
  state: UserState;
  /** New `account.state` for the accounts whose score this event changed. */
  accountStates: Record<string, AccountState>;
  /** In order; each becomes an internal event in the user's log. */
  changes: StateChange[];
  /** When to run a tick for this user if no event arrives first (null: never). */
  nextCheckAt: number | null;
}

/**
 * The state engine: from the definitions, the folded profile and one event (or none, on a tick)
 * at `now`, computes the user's derived state and what changed. Pure: no I/O, no clock.
 */
export function applyState(input: StateInput): StateResult {
  const { ctx, accountStates } = runState(input);
  return {
    state: ctx.state,
    accountStates,
    changes: ctx.changes,
    nextCheckAt: ctx.state.nextCheckAt,
  };
}

/** The shared run behind applyState and explainState. */
export function runState(input: StateInput & { explain?: boolean }): {
  ctx: ApplyContext;
  accountStates: Record<string, AccountState>;
} {
  const { profile, now } = input;
  const plan = statePlan(input.definitions);
  const owners = scratch(plan);
  const previous = readUserState(profile.state);
  // Internal events (the state changes themselves, written back to the log) derive nothing.
  const event = input.event && input.event.source !== 'internal' ? input.event : null;
  const eventName = event ? counterName(event) : null;
  // Only what this engine computed for these same definitions, up to now, can be built upon.
  const incremental =
    !input.fullEvaluation &&
    !input.explain &&
    previous.definitionsVersion === plan.version &&
    previous.seen != null &&
    Array.isArray(previous.checks) &&
    previous.checks.length <= 2 * plan.owners.length &&
    // 0 stands for "never" in checks: times are after 1970.
    previous.computedAt > 0 &&
    now >= previous.computedAt;
  const { seen, inputs } = inputChanges(profile, input.event, previous);
  const accounts: AccountView[] = input.accounts.map((account) => ({
    id: account.id,
    traits: account.traits,
    score: readAccountState(account.state).score,
  }));
  const state: UserState = {
    v: 1,
    definitionsVersion: plan.version,
    computedAt: now,
    signupAt: signupTime(plan, profile),
    milestones: previous.milestones,
    progress: previous.progress,
    activation: previous.activation,
    answers: previous.answers,
    personas: previous.personas,
    lifecycle: previous.lifecycle,
    engagement: previous.engagement,
    score: previous.score,
    thresholds: previous.thresholds,
    segments: previous.segments,
    recent: updateRecentTimes(
      previous.recent,
      plan,
      profile,
      eventName,
      event?.timestamp ?? null,
      incremental,
      previous.definitionsVersion === plan.version,
    ),
    nextCheckAt: null,
    seen,
    checks: previous.checks,
    game: previous.game ?? null,
    imported: previous.imported === true || event?.source === 'import',
  };
  const ctx: ApplyContext = {
    now,
    profile,
    state,
    accounts,
    plan,
    explain: input.explain ?? false,
    facts: [],
    changeAt: NEVER,
    recheckAt: NEVER,
    ownerChangeAt: owners.changeAt.fill(NEVER),
    ownerRecheckAt: owners.recheckAt.fill(NEVER),
    previous,
    event,
    eventName,
    given: input.event,
    inputs,
    cause: null,
    changes: [],
    wakeAt: NEVER,
    explanations: input.explain ? new Map() : null,
  };
  state.answers = updateAnswers(ctx, incremental);
  const reached = updateMilestones(ctx, incremental);
  updateActivation(ctx);
  const accountStates = updateScore(ctx, input.accounts);
  let stale: Uint8Array | null = null;
  if (incremental) {
    if (state.signupAt !== previous.signupAt) inputs.flags |= INPUT.signup;
    if (state.score !== previous.score) inputs.flags |= INPUT.score;
    if ((state.activation?.status ?? 'pending') !== (previous.activation?.status ?? 'pending'))
      inputs.flags |= INPUT.activation;
    stale = staleOwners(ctx, movedAnswers(state, previous), reached);
  }
  updateRuleOwners(ctx, stale);
  updateGamification(ctx, input.accounts, accountStates);
  // Each moment is after `now` by construction; the guard keeps it so.
  state.nextCheckAt = ctx.wakeAt === NEVER ? null : Math.max(ctx.wakeAt, now + 1);
  return { ctx, accountStates };
}

/** The questions whose answer differs from the previous state's. */
function movedAnswers(state: UserState, previous: UserState): string[] {
  if (state.answers === previous.answers) return [];
  const moved: string[] = [];
  for (const question in state.answers)
    if (state.answers[question]!.value !== previous.answers[question]?.value) moved.push(question);
  for (const question in previous.answers) if (!(question in state.answers)) moved.push(question);
  return moved;
}
