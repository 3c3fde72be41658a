import { LOGIN_EVENT, type SendStep, type WaitUntilStep } from '../../definitions/index.js';
import { evaluateRule } from './evaluate-rule.js';
import { conditionMatches } from './match-occurrence.js';
import { record, type RunContext } from './run-context.js';
import { runSteps } from './run-steps.js';
import { sendMessage } from './send-step.js';
import type { Occurrence } from './types.js';

/**
 * Moves a waiting run on if what it waits for has come: its time, its event (one that happened
 * before the timeout), its rule, or the timeout (then `on_timeout`, then the step after). A
 * send step waiting for the next login is an event wait too.
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
  if ('send' in node.step) {
    resumeAtLogin(ctx, node.step, node.next, waiting.timeoutAt, occurrence);
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

/**
 * A `show: next_login` message (send-step.ts): the user's login before the timeout sends it,
 * then the journey goes on; the timeout skips it (nothing sent) and the journey goes on.
 */
function resumeAtLogin(
  ctx: RunContext,
  step: SendStep,
  next: string | null,
  timeoutAt: number,
  occurrence: Occurrence | null,
): void {
  const run = ctx.run;
  if (
    occurrence !== null &&
    occurrence.timestamp <= timeoutAt &&
    conditionMatches({ event: LOGIN_EVENT }, occurrence)
  ) {
    run.waiting = null;
    record(ctx, step.id, 'matched', occurrence.name);
    sendMessage(ctx, step);
    runSteps(ctx, next);
  } else if (ctx.now >= timeoutAt) {
    run.waiting = null;
    record(ctx, step.id, 'timed_out', 'no login in time: not sent');
    runSteps(ctx, next);
  }
}
