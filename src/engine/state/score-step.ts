import type { Account } from '../../core/types.js';
import { addToScore, crossingTime, scoreAt } from './decay.js';
import { duration, points } from './describe.js';
import { emit, wake, type ApplyContext } from './apply-context.js';
import { readAccountState, type AccountState } from './user-state.js';
import { ownValue } from '../../core/own-key.js';

/**
 * Adds the event's weight to the user's score and to its account's (the event's group, else
 * every account the user belongs to), then reports thresholds crossed either way, by the event
 * or by decay. Returns the account states that changed.
 */
export function updateScore(ctx: ApplyContext, accounts: Account[]): Record<string, AccountState> {
  const definition = ctx.plan.definitions.score;
  const changed: Record<string, AccountState> = {};
  if (!definition) {
    ctx.state.score = { value: 0, at: 0 };
    ctx.state.thresholds = [];
    return changed;
  }
  const halfLife = definition.half_life;
  const { event, eventName } = ctx;
  const weight = eventName === null ? undefined : ownValue(definition.weights, eventName);
  let score = ctx.previous.score;
  if (event && weight !== undefined) {
    score = addToScore(score, weight, event.timestamp, halfLife);
    const group = event.groupId ? accounts.find((account) => account.id === event.groupId) : null;
    for (const account of group ? [group] : accounts) {
      const state: AccountState = {
        ...readAccountState(account.state),
        v: 1,
        score: addToScore(readAccountState(account.state).score, weight, event.timestamp, halfLife),
      };
      changed[account.id] = state;
      for (const view of ctx.accounts) if (view.id === account.id) view.score = state.score;
    }
  }
  ctx.state.score = score;

  const value = scoreAt(score, ctx.now, halfLife);
  const before = ctx.previous.thresholds;
  let reached: string[] | null = null;
  let kept = 0;
  for (const [name, threshold] of ctx.plan.thresholds) {
    const above = value >= threshold;
    wake(ctx, crossingTime(value, ctx.now, threshold, halfLife));
    // The list stays the previous one unless it differs (most runs cross nothing).
    if (above) {
      if (reached) reached.push(name);
      else if (before[kept] === name) kept++;
      else (reached = before.slice(0, kept)).push(name);
    }
    if (above === before.includes(name)) continue;
    const facts = [`score ${points(value)} ${above ? '≥' : '<'} ${threshold}`];
    if (event && weight !== undefined) facts.push(`"${eventName}" adds ${weight}`);
    else facts.push(`decayed with a half-life of ${duration(definition.half_life)}`);
    emit(
      ctx,
      'Score Crossed',
      { threshold: name, value: threshold, direction: above ? 'up' : 'down', score: value },
      `score.thresholds.${name}`,
      facts,
    );
  }
  ctx.state.thresholds = reached ?? (kept === before.length ? before : before.slice(0, kept));
  return changed;
}
