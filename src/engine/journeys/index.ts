export type * from './types.js';
export { advanceRun, type AdvanceInput, type RunResult } from './advance-run.js';
export { startRun, type StartInput } from './start-run.js';
export {
  handleOccurrence,
  triggersAnyJourney,
  type OccurrenceInput,
  type OccurrenceResult,
} from './handle-occurrence.js';
export { handleTimer } from './handle-timer.js';
export {
  decideEntry,
  type EntryDecision,
  type EntryInput,
  type EntryRefusal,
} from './decide-entry.js';
export { entryHistory, NEVER_ENTERED, type EntryHistory } from './entry-history.js';
export {
  compileJourney,
  compiledJourneys,
  journeyVersion,
  type CompiledJourney,
  type StepNode,
} from './compile-journey.js';
export { resolveRunJourney, exitRemovedJourney, type JourneyVersions } from './resolve-journey.js';
export {
  eventOccurrence,
  stateChangeOccurrence,
  traitChangeOccurrences,
  updateOccurrences,
  scheduleOccurrence,
  TRAIT_CHANGED,
  JOURNEY_SCHEDULED,
} from './occurrences.js';
export { accountOccurrences, type AccountChangeInput } from './account-occurrences.js';
export { triggerMatches, conditionMatches, whereMatches } from './match-occurrence.js';
export { journeysListeningTo } from './trigger-index.js';
export { applyProfileUpdate } from './apply-profile-update.js';
export { isListening } from './run-context.js';
export { isHeldOut } from './holdout.js';
export { splitPath } from './run-steps.js';
export { hashUnit, stableId } from './hash-unit.js';
export { nextScheduledAt } from './next-scheduled-at.js';
export { nextCronTime } from './next-cron-time.js';
export { waitTarget } from './wait-target.js';
export { explicitTimeZone, userTimeZone } from './user-time-zone.js';
export { evaluateRule, verdictMemo, withVerdicts } from './evaluate-rule.js';
export {
  localTime,
  fromLocal,
  localTimeToInstant,
  startOfLocalDay,
  addDays,
  zoneOffset,
  type LocalTime,
} from '../time/index.js';
