import type { CompiledJourney } from './compile-journey.js';
import type { JourneyCommand, JourneyRun, RunStatus, StepOutcome, UserSnapshot } from './types.js';

/** One call of the interpreter: the run being moved (a working copy) and what it produced. */
export interface RunContext {
  journey: CompiledJourney;
  user: UserSnapshot;
  now: number;
  /** The user's time zone, for local-time waits. */
  zone: string;
  run: JourneyRun;
  commands: JourneyCommand[];
}

export function record(
  ctx: RunContext,
  stepId: string | null,
  outcome: StepOutcome,
  detail?: string,
): void {
  ctx.run.history.push(
    detail === undefined
      ? { at: ctx.now, stepId, outcome }
      : { at: ctx.now, stepId, outcome, detail },
  );
}

/** The fields every command carries. */
export function commandBase(ctx: RunContext) {
  return { runId: ctx.run.id, journeyId: ctx.run.journeyId, userId: ctx.run.userId, at: ctx.now };
}

/** Ends the steps: completed, exited or converted. A converted run is final whatever it was. */
export function endRun(ctx: RunContext, status: Exclude<RunStatus, 'active'>): void {
  const run = ctx.run;
  run.status = status;
  run.waiting = null;
  run.endedAt ??= ctx.now;
}

/** Whether a run still reacts to occurrences and timers at `now` (see terminology). */
export function isListening(run: JourneyRun, now: number): boolean {
  if (run.status === 'active') return true;
  return run.status === 'completed' && run.goalDeadline !== null && now <= run.goalDeadline;
}
