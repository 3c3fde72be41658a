import type { Profile, StoredEvent } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  stateChangeOccurrence,
  updateOccurrences,
  type Occurrence,
} from '../../engine/journeys/index.js';
import type { BatchWork } from '../batch-work.js';
import { deriveState } from '../derive-state.js';
import type { AppliedUpdate } from './perform-commands.js';

/**
 * How many rounds of feedback one occurrence may cause: an update that triggers a journey that
 * updates… stops here (a loop in the definitions, not a real case), as in the scenario harness.
 */
export const MAX_UPDATE_DEPTH = 5;

/**
 * What `update` steps changed, fed back as an identify would be: one `Trait Changed` occurrence
 * per changed trait, then the state engine runs again (a tick, as the scenario harness does)
 * and its changes follow — a trait can move the user into a segment or a persona. The state is
 * re-derived even when the occurrences go no further (past MAX_UPDATE_DEPTH), so a profile never
 * keeps state computed from traits it no longer has. Returns the occurrences, in order, and the
 * internal events of the state changes.
 */
export function updateFeedback(
  work: BatchWork,
  definitions: LoadedDefinitions,
  profile: Profile,
  updates: AppliedUpdate[],
  now: number,
): { occurrences: Occurrence[]; internal: StoredEvent[] } {
  if (!updates.length) return { occurrences: [], internal: [] };
  const occurrences = updates.flatMap(({ command, traitsBefore, traitsAfter }) =>
    updateOccurrences(traitsBefore, traitsAfter, command),
  );
  // Keyed by the update, so the internal events of two updates at one instant never collide.
  const cause = `update:${updates[0].command.idempotencyKey}`;
  const { changes, internal } = deriveState(work, definitions, profile, null, now, cause);
  for (const change of changes) occurrences.push(stateChangeOccurrence(change, null));
  return { occurrences, internal };
}
