import type { WaitUntilStep } from '../../definitions/index.js';
import { evaluateRule } from './evaluate-rule.js';
import { conditionMatches } from './match-occurrence.js';
import { record, type RunContext } from './run-context.js';
import { runSteps } from './run-steps.js';
import type { Occurrence } from './types.js';

/**
 * Moves a waiting run on if what it waits for has come: its time, its event (one that happened
 * before the timeout), its rule, or the timeout (then `on_timeout`, then the step after).
 */
export function resumeWaiting(ctx: RunContext, occurrence: Occurrence | null): void {
  const run = ctx.run;
  const waiting = run.waiting;
  if (run.status !== 'active' || !waiting) return;
  const node = ctx.journey.steps.get(waiting.stepId)!;
  if (waiting.kind === 'time') {
    if (ctx.now < waiting.until) return;
    run.waiting = null;
    record(ctx, waiting.stepId, 'resumed');
    runSteps(ctx, node.next);
    return;
  }
  const step = node.step as WaitUntilStep;
  const condition = step.wait_until;
  const matched =
    waiting.kind === 'event'
      ? occurrence !== null &&
        occurrence.timestamp <= waiting.timeoutAt &&
        conditionMatches(condition, occurrence)
      : 'rule' in condition && evaluateRule(condition.rule, ctx.user, ctx.now).value;
  if (matched) {
    run.waiting = null;
    record(ctx, waiting.stepId, 'matched', occurrence?.name ?? 'rule');
    runSteps(ctx, node.next);
  } else if (ctx.now >= waiting.timeoutAt) {
    run.waiting = null;
    record(ctx, waiting.stepId, 'timed_out');
    runSteps(ctx, step.on_timeout?.[0]?.id ?? node.next);
  }
}
