import { advanceRun, type RunResult } from './advance-run.js';
import type { CompiledJourney } from './compile-journey.js';
import type { JourneyRun, Occurrence, UserSnapshot } from './types.js';

export interface StartInput {
  journey: CompiledJourney;
  occurrence: Occurrence;
  /** From an entry decision that said yes. */
  runId: string;
  heldOut: boolean;
  user: UserSnapshot;
  now: number;
}

/** Creates a run for an accepted entry and runs its first steps. */
export function startRun({
  journey,
  occurrence,
  runId,
  heldOut,
  user,
  now,
}: StartInput): RunResult {
  const { imported: _, ...trigger } = occurrence;
  const within = journey.definition.goal?.within;
  const run: JourneyRun = {
    id: runId,
    journeyId: journey.id,
    version: journey.version,
    userId: user.profile.id,
    status: 'active',
    heldOut,
    trigger,
    enteredAt: now,
    waiting: null,
    wakeAt: null,
    goalDeadline: within === undefined ? null : now + within,
    visits: {},
    history: [],
    endedAt: null,
    exitReason: null,
    convertedAt: null,
  };
  return advanceRun({ journey, run, input: { kind: 'start' }, user, now });
}
