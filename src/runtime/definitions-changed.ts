import type { Clock } from '../core/clock.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Store } from '../store/store.js';

const SETTING = 'definitions_version';

/**
 * When the definitions in force differ from the ones the stored state was computed with (a
 * reload, or a start with an edited file), every user is re-checked on the sweeper's next pass:
 * a new time-based rule must reach users who have no timer yet, and memberships of removed
 * segments are dropped. Returns whether anything was scheduled.
 */
export async function recheckIfChanged(
  store: Store,
  definitions: LoadedDefinitions,
  clock: Clock,
): Promise<boolean> {
  if ((await store.getSetting(SETTING)) === definitions.version) return false;
  const segments = Object.keys(definitions.definitions.segments ?? {});
  await store.transaction(async (tx) => {
    await tx.recheckAll(clock.now(), segments);
    await tx.setSetting(SETTING, definitions.version);
  });
  return true;
}
