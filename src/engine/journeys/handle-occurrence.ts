import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';
import { advanceRun, type RunResult } from './advance-run.js';
import { decideEntry, type EntryDecision } from './decide-entry.js';
import { NEVER_ENTERED, type EntryHistory } from './entry-history.js';
import { withVerdicts } from './evaluate-rule.js';
import { triggerMatches } from './match-occurrence.js';
import { journeysListeningTo } from './trigger-index.js';
import { exitRemovedJourney, resolveRunJourney, type JourneyVersions } from './resolve-journey.js';
import { startRun } from './start-run.js';
import type { JourneyCommand, JourneyRun, Occurrence, UserSnapshot } from './types.js';

export interface OccurrenceInput {
  occurrence: Occurrence;
  /** The user after the occurrence was applied. */
  user: UserSnapshot;
  /** The user's listening runs, any journey (active, or completed with an open goal window). */
  runs: readonly JourneyRun[];
  /** Per journey id, the user's past entries (missing: never entered). */
  history: Readonly<Record<string, EntryHistory>>;
  /** Older journey versions the runtime kept, so runs finish on the version they started on. */
  versions?: JourneyVersions;
  now: number;
}

export interface OccurrenceResult {
  /** Runs that changed, then runs that started: store each (upsert by id). */
  runs: JourneyRun[];
  /** In order: first those of existing runs, then those of new runs by journey priority. */
  commands: JourneyCommand[];
  /** Each journey whose trigger matched, and whether the user entered it (and why not). */
  entries: { journeyId: string; decision: EntryDecision }[];
}

/**
 * Everything one occurrence does to one user's journeys: it moves the runs that listen (goal,
 * exit conditions, waits), then starts the journeys it triggers, the most important first, so
 * their messages are first in line for capped slots. Pure; see ARCHITECTURE.md for how the
 * runtime calls it.
 */
export function handleOccurrence(input: OccurrenceInput): OccurrenceResult {
  const { occurrence, now } = input;
  // Every run and every journey of this occurrence reads the same user at the same moment.
  const user = withVerdicts(input.user, now);
  const out: OccurrenceResult = { runs: [], commands: [], entries: [] };
  const ended = new Map<string, number>();
  for (const run of input.runs) {
    const journey = resolveRunJourney(user, run, input.versions);
    const result: RunResult = journey
      ? advanceRun({ journey, run, input: { kind: 'occurrence', occurrence }, user, now })
      : exitRemovedJourney(run, now);
    if (!changed(run, result)) continue;
    out.runs.push(result.run);
    out.commands.push(...result.commands);
    if (run.status === 'active' && result.run.status !== 'active')
      ended.set(run.journeyId, (ended.get(run.journeyId) ?? 0) + 1);
  }

  const listening = journeysListeningTo(
    user.definitions,
    occurrence.name,
    occurrence.account !== null,
  );
  for (const journey of listening) {
    if (!triggerMatches(journey.id, journey.definition.trigger, occurrence)) continue;
    const past = input.history[journey.id] ?? NEVER_ENTERED;
    const history = { ...past, active: Math.max(0, past.active - (ended.get(journey.id) ?? 0)) };
    const decision = decideEntry({ journey, occurrence, user, history, now });
    out.entries.push({ journeyId: journey.id, decision });
    if (!decision.enter) continue;
    const started = startRun({ journey, occurrence, ...decision, user, now });
    out.runs.push(started.run);
    out.commands.push(...started.commands);
  }
  return out;
}

/**
 * Whether the occurrence matches the trigger of any journey: only then does `handleOccurrence`
 * read the user's entry history (`history`), so a caller may leave it empty otherwise.
 */
export function triggersAnyJourney(
  definitions: LoadedDefinitions,
  occurrence: Occurrence,
): boolean {
  const listening = journeysListeningTo(definitions, occurrence.name, occurrence.account !== null);
  for (const journey of listening)
    if (triggerMatches(journey.id, journey.definition.trigger, occurrence)) return true;
  return false;
}

function changed(before: JourneyRun, after: RunResult): boolean {
  return (
    after.commands.length > 0 ||
    after.run.history.length !== before.history.length ||
    after.run.wakeAt !== before.wakeAt ||
    after.run.status !== before.status
  );
}
