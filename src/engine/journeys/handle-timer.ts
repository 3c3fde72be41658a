import { advanceRun, type RunResult } from './advance-run.js';
import { exitRemovedJourney, resolveRunJourney, type JourneyVersions } from './resolve-journey.js';
import type { JourneyRun, UserSnapshot } from './types.js';

/**
 * A run's durable timer fired (`run.wakeAt` passed): ends a wait or a timeout, or re-checks the
 * rules the run watches. A late timer (after downtime) is handled the same way, at `now`.
 */
export function handleTimer(input: {
  run: JourneyRun;
  user: UserSnapshot;
  versions?: JourneyVersions;
  now: number;
}): RunResult {
  const { run, user, now } = input;
  const journey = resolveRunJourney(user, run, input.versions);
  if (!journey) return exitRemovedJourney(run, now);
  return advanceRun({ journey, run, input: { kind: 'timer' }, user, now });
}
