import { evaluateRule } from './evaluate-rule.js';
import { conditionMatches } from './match-occurrence.js';
import { commandBase, endRun, record, type RunContext } from './run-context.js';
import type { Occurrence } from './types.js';

/**
 * Converts the run if its goal is reached: an event goal by this occurrence, a rule goal by the
 * user's state at `now`. Held-out runs convert too (that is what lift is measured against), and a
 * completed run still converts while its goal window is open.
 */
export function checkGoal(ctx: RunContext, occurrence: Occurrence | null): boolean {
  const goal = ctx.journey.definition.goal;
  const run = ctx.run;
  if (!goal || (run.goalDeadline !== null && ctx.now > run.goalDeadline)) return false;
  if (run.status !== 'active' && !(run.status === 'completed' && run.goalDeadline !== null))
    return false;
  let via: string | null = null;
  if ('event' in goal) {
    if (occurrence && conditionMatches(goal, occurrence)) via = occurrence.name;
  } else if (evaluateRule(goal.rule, ctx.user, ctx.now).value) via = 'rule';
  if (via === null) return false;
  run.convertedAt = ctx.now;
  ctx.commands.push({
    ...commandBase(ctx),
    op: 'convert',
    heldOut: run.heldOut,
    enteredAt: run.enteredAt,
    via,
  });
  record(ctx, null, 'converted', via);
  endRun(ctx, 'converted');
  return true;
}

/** Ends an active run when one of its exit conditions holds (reason `exit_condition`). */
export function checkExits(ctx: RunContext, occurrence: Occurrence | null): boolean {
  const run = ctx.run;
  if (run.status !== 'active') return false;
  const conditions = ctx.journey.definition.exit_when;
  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i]!;
    const holds =
      'event' in condition
        ? occurrence !== null && conditionMatches(condition, occurrence)
        : evaluateRule(condition.rule, ctx.user, ctx.now).value;
    if (!holds) continue;
    const stepId = run.waiting?.stepId ?? null;
    ctx.commands.push({ ...commandBase(ctx), op: 'exit', reason: 'exit_condition', stepId });
    run.exitReason = 'exit_condition';
    record(
      ctx,
      stepId,
      'exited',
      `exit_when[${i}]: ${'event' in condition ? condition.event : 'rule'}`,
    );
    endRun(ctx, 'exited');
    return true;
  }
  return false;
}
