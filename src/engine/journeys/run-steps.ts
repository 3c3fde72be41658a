import type { BranchStep, SplitStep, Step } from '../../definitions/index.js';
import { evaluateRule } from './evaluate-rule.js';
import { hashUnit } from './hash-unit.js';
import { whereMatches } from './match-occurrence.js';
import { commandBase, endRun, record, type RunContext } from './run-context.js';
import { sendMessage, waitForLogin } from './send-step.js';
import { waitTarget } from './wait-target.js';

/**
 * Executes steps from `from` until the run has to wait or its steps end. Each step runs at most
 * once per call (a journey is a tree: there is no way back), so this always terminates.
 */
export function runSteps(ctx: RunContext, from: string | null): void {
  let cursor = from;
  const run = ctx.run;
  while (cursor !== null) {
    const node = ctx.journey.steps.get(cursor);
    if (!node) throw new Error(`journey ${ctx.journey.id} has no step ${cursor}`);
    const step = node.step;
    const visit = (run.visits[step.id] ?? 0) + 1;
    run.visits[step.id] = visit;
    const key = `${run.id}:${step.id}:${visit}`;
    const base = { ...commandBase(ctx), stepId: step.id };

    if ('send' in step) {
      if (waitForLogin(ctx, step)) return;
      sendMessage(ctx, step);
    } else if ('notify' in step) {
      const { channel, template, to } = step.notify;
      ctx.commands.push({
        ...base,
        op: 'notify',
        channel,
        template,
        to: to ?? null,
        idempotencyKey: key,
        heldOut: run.heldOut,
        trigger: run.trigger,
      });
      record(ctx, step.id, run.heldOut ? 'held_out' : 'notified', `${channel} ${template}`);
    } else if ('update' in step) {
      const { set = {}, unset = [], points = 0, tags = [] } = step.update;
      ctx.commands.push({ ...base, op: 'update', set, unset, points, tags, idempotencyKey: key });
      record(ctx, step.id, 'updated');
    } else if ('exit' in step) {
      ctx.commands.push({ ...base, op: 'exit', reason: step.exit });
      run.exitReason = step.exit;
      record(ctx, step.id, 'exited', step.exit);
      endRun(ctx, 'exited');
      return;
    } else if ('wait' in step) {
      const until = waitTarget(step.wait, ctx.now, ctx.zone);
      if (until > ctx.now) {
        run.waiting = { kind: 'time', stepId: step.id, until };
        ctx.commands.push({ ...base, op: 'wait', until });
        record(ctx, step.id, 'waiting', `until ${new Date(until).toISOString()}`);
        return;
      }
      record(ctx, step.id, 'passed');
    } else if ('wait_until' in step) {
      const condition = step.wait_until;
      const timeoutAt = ctx.now + condition.timeout;
      if ('rule' in condition && evaluateRule(condition.rule, ctx.user, ctx.now).value) {
        record(ctx, step.id, 'passed', 'the rule already holds');
      } else {
        const event = 'event' in condition ? condition.event : null;
        run.waiting =
          event === null
            ? { kind: 'rule', stepId: step.id, timeoutAt }
            : { kind: 'event', stepId: step.id, event, timeoutAt };
        const rule = 'rule' in condition ? condition.rule : null;
        ctx.commands.push({ ...base, op: 'waitFor', event, rule, timeoutAt });
        record(ctx, step.id, 'waiting', event ?? 'rule');
        return;
      }
    } else if ('branch' in step) {
      const chosen = choosePath(ctx, step);
      record(ctx, step.id, 'path', chosen === null ? 'none matched' : `branch[${chosen}]`);
      if (chosen !== null) {
        cursor = step.branch[chosen]!.steps[0]?.id ?? node.next;
        continue;
      }
    } else if ('split' in step) {
      const path = splitPath(ctx, step);
      record(ctx, step.id, 'path', path.name);
      cursor = path.steps[0]?.id ?? node.next;
      continue;
    }
    cursor = node.next;
  }
  record(ctx, null, 'completed');
  endRun(ctx, 'completed');
}

/** The first path whose `when` and `where` hold; null when none does. */
function choosePath(ctx: RunContext, step: BranchStep): number | null {
  for (let i = 0; i < step.branch.length; i++) {
    const path = step.branch[i]!;
    if (path.where && !whereMatches(path.where, ctx.run.trigger.properties)) continue;
    if (path.when && !evaluateRule(path.when, ctx.user, ctx.now).value) continue;
    return i;
  }
  return null;
}

/**
 * The path of a split: sticky per user, journey and step (the same user always takes the same
 * path of the same split, in every run and every version that keeps the step id).
 */
export function splitPath(
  ctx: Pick<RunContext, 'run'>,
  step: SplitStep,
): { name: string; steps: Step[] } {
  const point = hashUnit('split', ctx.run.journeyId, step.id, ctx.run.userId) * 100;
  let total = 0;
  for (const path of step.split) {
    total += path.percent;
    if (point < total) return path;
  }
  return step.split[step.split.length - 1]!;
}
