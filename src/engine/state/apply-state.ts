import type { Account, IncomingEvent, Profile } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { counterName } from '../profile/counter-name.js';
import { updateActivation } from './activation.js';
import { updateAnswers } from './answers.js';
import type { ApplyContext } from './apply-context.js';
import type { AccountView } from './eval-context.js';
import { updateMilestones } from './milestones.js';
import { updateRecentTimes } from './recent-times.js';
import { updateRuleOwners } from './rule-owners.js';
import { updateScore } from './score-step.js';
import { signupTime } from './signup-time.js';
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
  const previous = readUserState(profile.state);
  // Internal events (the state changes themselves, written back to the log) derive nothing.
  const event = input.event && input.event.source !== 'internal' ? input.event : null;
  const eventName = event ? counterName(event) : null;
  const stored = new Map(
    input.accounts.map((account) => [account.id, readAccountState(account.state)]),
  );
  const accounts: AccountView[] = input.accounts.map((account) => ({
    id: account.id,
    traits: account.traits,
    score: stored.get(account.id)!.score,
  }));
  const state: UserState = { ...previous, definitionsVersion: plan.version, computedAt: now };
  const ctx: ApplyContext = {
    now,
    profile,
    state,
    accounts,
    plan,
    explain: input.explain ?? false,
    ownerChangeAt: new Map(),
    previous,
    event,
    eventName,
    cause: input.event
      ? {
          type: 'event',
          event: counterName(input.event) ?? input.event.type,
          messageId: input.event.messageId,
          timestamp: input.event.timestamp,
        }
      : { type: 'tick', at: now },
    changes: [],
    wakeAt: [],
    explanations: new Map(),
  };
  state.recent = updateRecentTimes(
    previous.recent,
    plan,
    profile,
    eventName,
    event?.timestamp ?? null,
  );
  state.signupAt = signupTime(plan, profile);
  state.answers = updateAnswers(ctx);
  updateMilestones(ctx);
  updateActivation(ctx);
  const changedAccounts = updateScore(ctx, stored);
  updateRuleOwners(ctx);
  state.nextCheckAt = nextCheck(ctx.wakeAt, now);
  return { ctx, accountStates: Object.fromEntries(changedAccounts) };
}

/** The earliest future wake-up. Each is after `now` by construction; the guard keeps it so. */
function nextCheck(times: (number | null)[], now: number): number | null {
  let next: number | null = null;
  for (const time of times) if (time !== null && (next === null || time < next)) next = time;
  return next === null ? null : Math.max(next, now + 1);
}
