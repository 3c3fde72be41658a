import { commandBase, endRun, record, type RunContext } from './run-context.js';
import { runSteps } from './run-steps.js';

/**
 * Moves a run onto another version of its journey. The runtime only asks for this when the
 * run's own version is no longer available (each run normally finishes on the version it
 * started on). The rule, by step id (ids are stable across versions):
 *
 * - the step the run waits at still exists with the same kind of wait (a send step that waits
 *   for the next login counts as an event wait): the run keeps waiting;
 * - it exists but is now another kind of step: the run restarts that step;
 * - it was removed: the run exits with reason `step_removed` (never stranded, and reported).
 *
 * A run that is no longer active (waiting only for its goal) just takes the new version.
 */
export function migrateRun(ctx: RunContext): void {
  const run = ctx.run;
  const from = run.version;
  run.version = ctx.journey.version;
  record(ctx, null, 'migrated', `${from} → ${run.version}`);
  const waiting = run.waiting;
  if (run.status !== 'active' || !waiting) return;
  const node = ctx.journey.steps.get(waiting.stepId);
  if (!node) {
    ctx.commands.push({
      ...commandBase(ctx),
      op: 'exit',
      reason: 'step_removed',
      stepId: waiting.stepId,
    });
    run.exitReason = 'step_removed';
    record(ctx, waiting.stepId, 'exited', 'step_removed');
    endRun(ctx, 'exited');
    return;
  }
  const sameKind =
    waiting.kind === 'time'
      ? node.kind === 'wait'
      : 'send' in node.step
        ? waiting.kind === 'event' && node.step.send.show === 'next_login'
        : node.kind === 'wait_until' &&
          'wait_until' in node.step &&
          (waiting.kind === 'event') === 'event' in node.step.wait_until;
  if (!sameKind) {
    run.waiting = null;
    runSteps(ctx, waiting.stepId);
  }
}
