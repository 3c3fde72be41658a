import type { CompiledJourney } from './compile-journey.js';
import { evaluateRule } from './evaluate-rule.js';
import { migrateRun } from './migrate-run.js';
import { resumeWaiting } from './resume-waiting.js';
import { checkExits, checkGoal } from './run-checks.js';
import { isListening, record, type RunContext } from './run-context.js';
import { runSteps } from './run-steps.js';
import type { JourneyCommand, JourneyRun, RunInput, UserSnapshot } from './types.js';
import { userTimeZone } from './user-time-zone.js';

export interface AdvanceInput {
  /** The journey at the run's version (another version migrates the run: see migrate-run.ts). */
  journey: CompiledJourney;
  run: JourneyRun;
  input: RunInput;
  /** The user after the occurrence was applied (profile with state, accounts). */
  user: UserSnapshot;
  now: number;
}

export interface RunResult {
  /** The run's new state (a new object; the input run is not modified). */
  run: JourneyRun;
  /** In order; the runtime performs them, each effect under its idempotency key. */
  commands: JourneyCommand[];
}

/**
 * The journey interpreter: moves one run by one input. Pure and deterministic: no I/O, no
 * clock but `now`; the same inputs give the same run and commands, so a retried transaction
 * produces the same idempotency keys.
 *
 * Order, for every input: the goal (converts, also held-out and completed runs within their
 * window), then exit conditions, then a due wait or timeout, then the occurrence for a run
 * waiting on an event or a rule. `start` enters and runs the first steps.
 */
export function advanceRun({ journey, run, input, user, now }: AdvanceInput): RunResult {
  if (input.kind !== 'start' && !isListening(run, now)) return { run, commands: [] };
  const ctx: RunContext = {
    journey,
    user,
    now,
    zone: userTimeZone(user.profile, user.definitions.definitions),
    run: copyRun(run),
    commands: [],
  };
  if (ctx.run.version !== journey.version) migrateRun(ctx);
  const occurrence = input.kind === 'occurrence' ? input.occurrence : null;
  if (input.kind === 'start') {
    record(ctx, null, 'entered', ctx.run.heldOut ? 'held out' : undefined);
    if (!checkGoal(ctx, null) && !checkExits(ctx, null)) runSteps(ctx, journey.first);
  } else if (isListening(ctx.run, now) && !checkGoal(ctx, occurrence)) {
    if (!checkExits(ctx, occurrence)) {
      // A wait that fell due before this occurrence was processed ends first.
      resumeWaiting(ctx, null);
      if (occurrence) resumeWaiting(ctx, occurrence);
    }
  }
  ctx.run.wakeAt = nextWake(ctx);
  return { run: ctx.run, commands: ctx.commands };
}

/**
 * When the run next needs a timer input: the end of its wait or its timeout, or earlier when a
 * rule it watches (wait, goal, exit conditions) could change with no event. Null: none needed.
 */
function nextWake(ctx: RunContext): number | null {
  const { run, now, journey, user } = ctx;
  if (!isListening(run, now)) return null;
  const times: (number | null)[] = [];
  const definition = journey.definition;
  if (run.status === 'active') {
    const waiting = run.waiting;
    if (waiting) {
      times.push(waiting.kind === 'time' ? waiting.until : waiting.timeoutAt);
      const step = journey.steps.get(waiting.stepId)?.step;
      if (waiting.kind === 'rule' && step && 'wait_until' in step && 'rule' in step.wait_until)
        times.push(evaluateRule(step.wait_until.rule, user, now).changeAt);
    }
    for (const condition of definition.exit_when)
      if ('rule' in condition) times.push(evaluateRule(condition.rule, user, now).changeAt);
  }
  const goal = definition.goal;
  if (goal && 'rule' in goal) {
    const changeAt = evaluateRule(goal.rule, user, now).changeAt;
    if (changeAt !== null && (run.goalDeadline === null || changeAt <= run.goalDeadline))
      times.push(changeAt);
  }
  let next: number | null = null;
  for (const time of times) if (time !== null && (next === null || time < next)) next = time;
  return next === null ? null : Math.max(next, now + 1);
}

function copyRun(run: JourneyRun): JourneyRun {
  return {
    ...run,
    waiting: run.waiting && { ...run.waiting },
    visits: { ...run.visits },
    history: [...run.history],
  };
}
