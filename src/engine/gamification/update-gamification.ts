import type { Account, JsonObject } from '../../core/types.js';
import { isTimeZone } from '../time/local-time.js';
import { userTimeZone } from '../journeys/user-time-zone.js';
import { emit, wake, type ApplyContext } from '../state/apply-context.js';
import type { EvalContext } from '../state/eval-context.js';
import type { StateChange } from '../state/state-change.js';
import { readAccountState, type AccountState } from '../state/user-state.js';
import { gamePlan, type PlannedBadge } from './game-plan.js';
import type { GameChange } from './game-run.js';
import { readGameState, type GameState } from './game-state.js';
import type { MeasuredEvent } from './measure-event.js';
import { runSubject } from './run-subject.js';

/**
 * The gamification step of a state run, after the rule owners (a badge's rule may read a
 * segment this very event decided): the user's game state, then that of the accounts the event
 * counts for — its group, else every account of the user, as for the score; on a tick, every
 * account of the user, so that account streaks expire and tiers turn over on a member's timer.
 * Changes are reported through the run's own `emit`, and their moments join its next check.
 */
export function updateGamification(
  ctx: ApplyContext,
  accounts: Account[],
  accountStates: Record<string, AccountState>,
): void {
  const definitions = ctx.plan.definitions;
  const plan = gamePlan(definitions);
  if (!plan.active) {
    ctx.state.game = null;
    return;
  }
  const event: MeasuredEvent | null = ctx.event
    ? { name: ctx.eventName, timestamp: ctx.event.timestamp, properties: ctx.event.properties }
    : null;
  const milestones: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, reached] of Object.entries(ctx.state.milestones)) milestones[name] = reached.at;

  const evalContext = (explain: boolean): EvalContext => ({
    now: ctx.now,
    profile: ctx.profile,
    state: ctx.state,
    accounts: ctx.accounts,
    plan: ctx.plan,
    explain,
    ownerChangeAt: new Map(),
  });
  const badgeRule = (badge: PlannedBadge) => {
    const verdict = badge.rule!(evalContext(false));
    // Words only for the badge being awarded.
    return verdict.value ? badge.rule!(evalContext(true)) : verdict;
  };
  const user = runSubject({
    plan,
    version: ctx.plan.version,
    unit: 'user',
    account: null,
    zone: userTimeZone(ctx.profile, definitions),
    now: ctx.now,
    previous: ctx.previous.game ?? null,
    known: ctx.previous.definitionsVersion !== '',
    event,
    milestones,
    badgeRule,
  });
  ctx.state.game = user.state;
  record(ctx, user.changes, user.wakeAt);

  const group = ctx.event?.groupId ? accounts.find((a) => a.id === ctx.event!.groupId) : null;
  for (const account of group ? [group] : accounts) {
    const stored = accountStates[account.id] ?? readAccountState(account.state);
    const previous = readGameState(stored as unknown as JsonObject);
    const merged: Record<string, number> = Object.assign(
      Object.create(null) as Record<string, number>,
      previous?.milestones,
    );
    for (const name in milestones)
      if (!(name in merged) || milestones[name]! < merged[name]!) merged[name] = milestones[name]!;
    const result = runSubject({
      plan,
      version: ctx.plan.version,
      unit: 'account',
      account: account.id,
      zone: accountZone(account, definitions.delivery.default_time_zone),
      now: ctx.now,
      previous,
      known: account.state.v === 1,
      event,
      milestones: merged,
      badgeRule: null,
    });
    result.state.milestones = { ...merged };
    accountStates[account.id] = { ...stored, game: result.state } as AccountState;
    record(ctx, result.changes, result.wakeAt);
  }
}

function record(ctx: ApplyContext, changes: GameChange[], wakeAt: number): void {
  for (const change of changes)
    emit(
      ctx,
      change.name,
      change.properties as Omit<StateChange['properties'], 'reason'> as never,
      change.rule,
      change.facts,
    );
  if (Number.isFinite(wakeAt)) wake(ctx, wakeAt);
}

/** The account's `timezone` trait when it is a valid IANA zone, else the workspace default. */
export function accountZone(account: Pick<Account, 'traits'>, fallback: string): string {
  const zone = account.traits.timezone;
  return typeof zone === 'string' && zone.length <= 64 && isTimeZone(zone) ? zone : fallback;
}

export type { GameState };
