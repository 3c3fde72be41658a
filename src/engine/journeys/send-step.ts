import { LOGIN_EVENT, type SendStep } from '../../definitions/index.js';
import { commandBase, record, type RunContext } from './run-context.js';

/**
 * Queues the message of a send step, keyed by the step's current visit: the same key whether
 * it goes at once or after waiting for the next login, so a replay never queues it twice.
 */
export function sendMessage(ctx: RunContext, step: SendStep): void {
  const run = ctx.run;
  const { channel, template, topic, transactional, priority } = step.send;
  ctx.commands.push({
    ...commandBase(ctx),
    stepId: step.id,
    op: 'send',
    channel,
    template,
    topic: topic ?? null,
    transactional,
    priority: priority ?? ctx.journey.definition.priority,
    idempotencyKey: `${run.id}:${step.id}:${run.visits[step.id] ?? 1}`,
    heldOut: run.heldOut,
    trigger: run.trigger,
  });
  record(ctx, step.id, run.heldOut ? 'held_out' : 'sent', `${channel} ${template}`);
}

/**
 * A `show: next_login` message: the run waits at its step for the user's next login (an event
 * wait, like wait_until), and resumeWaiting sends it then. Returns false for any other send.
 */
export function waitForLogin(ctx: RunContext, step: SendStep): boolean {
  if (step.send.show !== 'next_login') return false;
  const timeoutAt = ctx.now + (step.send.within ?? 0);
  ctx.run.waiting = { kind: 'event', stepId: step.id, event: LOGIN_EVENT, timeoutAt };
  ctx.commands.push({
    ...commandBase(ctx),
    stepId: step.id,
    op: 'waitFor',
    event: LOGIN_EVENT,
    rule: null,
    timeoutAt,
  });
  record(
    ctx,
    step.id,
    'waiting',
    `${LOGIN_EVENT}, then ${step.send.channel} ${step.send.template}`,
  );
  return true;
}
