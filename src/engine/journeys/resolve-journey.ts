import type { Journey } from '../../definitions/index.js';
import type { RunResult } from './advance-run.js';
import { compiledJourneys, compileJourney, type CompiledJourney } from './compile-journey.js';
import type { JourneyRun, UserSnapshot } from './types.js';

/** Where the runtime keeps the definitions of older journey versions (null: not kept). */
export type JourneyVersions = (journeyId: string, version: string) => Journey | null;

/**
 * The journey a run follows: null when the journey is no longer defined (removing a journey
 * stops it, even for runs whose version is kept); else its own version (current, or kept by the
 * runtime); else the current version (the run migrates, see migrate-run.ts).
 */
export function resolveRunJourney(
  user: UserSnapshot,
  run: Pick<JourneyRun, 'journeyId' | 'version'>,
  versions?: JourneyVersions,
): CompiledJourney | null {
  const current = compiledJourneys(user.definitions).get(run.journeyId) ?? null;
  if (!current || current.version === run.version) return current;
  const kept = versions?.(run.journeyId, run.version);
  return kept ? compileJourney(run.journeyId, kept) : current;
}

/** Ends a run whose journey was removed from the definitions: `journey_removed`. */
export function exitRemovedJourney(run: JourneyRun, now: number): RunResult {
  if (run.status !== 'active') return { run, commands: [] };
  const stepId = run.waiting?.stepId ?? null;
  return {
    run: {
      ...run,
      status: 'exited',
      waiting: null,
      wakeAt: null,
      endedAt: now,
      exitReason: 'journey_removed',
      history: [...run.history, { at: now, stepId, outcome: 'exited', detail: 'journey_removed' }],
    },
    commands: [
      {
        op: 'exit',
        runId: run.id,
        journeyId: run.journeyId,
        userId: run.userId,
        at: now,
        reason: 'journey_removed',
        stepId,
      },
    ],
  };
}
