import { addToScore, crossingTime, scoreAt } from './decay.js';
import { duration, points } from './describe.js';
import { emit, type ApplyContext } from './apply-context.js';
import type { AccountState } from './user-state.js';

/**
 * Adds the event's weight to the user's score and to its account's (the event's group, else
 * every account the user belongs to), then reports thresholds crossed either way, by the event
 * or by decay. Returns the account states that changed.
 */
export function updateScore(
  ctx: ApplyContext,
  accountStates: Map<string, AccountState>,
): Map<string, AccountState> {
  const definition = ctx.plan.definitions.score;
  const changed = new Map<string, AccountState>();
  if (!definition) {
    ctx.state.score = { value: 0, at: 0 };
    ctx.state.thresholds = [];
    return changed;
  }
  const halfLife = definition.half_life;
  const { event, eventName } = ctx;
  const weight = eventName === null ? undefined : definition.weights[eventName];
  let score = ctx.previous.score;
  if (event && weight !== undefined) {
    score = addToScore(score, weight, event.timestamp, halfLife);
    const targets =
      event.groupId && accountStates.has(event.groupId)
        ? [event.groupId]
        : [...accountStates.keys()];
    for (const id of targets) {
      const account = {
        v: 1 as const,
        score: addToScore(accountStates.get(id)!.score, weight, event.timestamp, halfLife),
      };
      accountStates.set(id, account);
      changed.set(id, account);
    }
    for (const view of ctx.accounts) view.score = accountStates.get(view.id)?.score ?? view.score;
  }
  ctx.state.score = score;

  const value = scoreAt(score, ctx.now, halfLife);
  const reached: string[] = [];
  for (const [name, threshold] of Object.entries(definition.thresholds ?? {})) {
    const above = value >= threshold;
    if (above) reached.push(name);
    ctx.wakeAt.push(crossingTime(value, ctx.now, threshold, halfLife));
    if (above === ctx.previous.thresholds.includes(name)) continue;
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
  ctx.state.thresholds = reached;
  return changed;
}
