import type { Profile } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { readUserState } from '../engine/state/user-state.js';
import type { BatchWork } from './batch-work.js';
import { deriveState } from './derive-state.js';

/**
 * Whether the profile's history holds imported events and its state was computed with other
 * definitions than those in force (a reload or a start with an edited cairn.yaml since). Its next
 * run then reads that history with the new rules for the first time: a new milestone, segment or
 * activation rule it reveals is history, and history never starts a journey.
 */
export function importedHistoryToRederive(
  profile: Profile,
  definitions: LoadedDefinitions,
): boolean {
  const state = readUserState(profile.state);
  return state.imported === true && state.definitionsVersion !== definitions.version;
}

/**
 * Before a live event is applied to such a profile: brings its state to the definitions in force
 * as history (recorded in the log, no journey), so that the event's own run reports only what the
 * event changed — which starts journeys as any live event does.
 */
export function rederiveImportedHistory(
  work: BatchWork,
  definitions: LoadedDefinitions,
  profile: Profile,
  at: number,
): void {
  if (!importedHistoryToRederive(profile, definitions)) return;
  deriveState(work, definitions, profile, null, at, `history:${profile.id}:${definitions.version}`);
}
