import type { Profile } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { foldEventIntoProfile } from '../engine/profile/fold-event.js';
import { newProfile } from '../engine/profile/new-profile.js';
import type { Store, StoreTx } from '../store/store.js';
import { BatchWork } from './batch-work.js';
import { deriveState } from './derive-state.js';

/**
 * Set when profiles may have been built with no definitions loaded (`cairn import` without
 * `--config`, `cairn serve` without one): the next start with definitions derives their state
 * from their history. A flag, so that a start does not scan every profile to find none.
 */
export const HISTORY_SETTING = 'history_without_state';

/** Notes that profiles may now lack state (see HISTORY_SETTING). */
export async function noteHistoryWithoutState(store: Store): Promise<void> {
  if (await store.getSetting(HISTORY_SETTING)) return;
  await store.transaction((tx) => tx.setSetting(HISTORY_SETTING, '1'));
}

const USERS = 200;
const EVENTS = 1000;

/**
 * Derives the state of every profile that has none (built while no definitions were loaded) from
 * its history, as if each event had been applied at its own time: the profile's events are
 * folded again in log order into a fresh profile and the state engine runs at each event's
 * time, then once more at `now` to bring time-based rules up to date. The state changes are
 * recorded in the user's log like any, but no journey runs: this is history, and history never
 * sends a message. The profile itself (traits, counters…) is kept as stored; only its state, state
 * timer and segments are written. Runs only when HISTORY_SETTING is set (cleared after, as an
 * empty value). Returns how many profiles it derived.
 */
export async function deriveStateFromHistory(
  store: Store,
  definitions: LoadedDefinitions,
  now: number,
): Promise<number> {
  if (!(await store.getSetting(HISTORY_SETTING))) return 0;
  let derived = 0;
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const ids: string[] = await store.transaction((tx) => tx.profilesWithoutState(from, USERS));
    if (!ids.length) break;
    derived += await store.transaction((tx) => deriveProfiles(tx, definitions, ids, now));
    after = ids[ids.length - 1];
  }
  await store.transaction((tx) => tx.setSetting(HISTORY_SETTING, ''));
  return derived;
}

async function deriveProfiles(
  tx: StoreTx,
  definitions: LoadedDefinitions,
  ids: string[],
  now: number,
): Promise<number> {
  await tx.lockKeys(ids);
  const work = new BatchWork(tx, { definitions, now });
  await work.loadProfiles(ids);
  await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
  let derived = 0;
  for (const id of ids) {
    const profile = work.profiles.get(id);
    // Checked again under the lock: an event may have derived it meanwhile.
    if (!profile || typeof profile.state.definitionsVersion === 'string') continue;
    await replay(work, definitions, profile, now);
    derived += 1;
  }
  await work.flush();
  return derived;
}

/** Replays a profile's history into a fresh profile and takes the state it ends with. */
async function replay(
  work: BatchWork,
  definitions: LoadedDefinitions,
  profile: Profile,
  now: number,
): Promise<void> {
  const history = newProfile(profile.id, profile.firstSeen);
  for (let after = 0; ;) {
    const events = await work.tx.profileEvents(profile.id, after, EVENTS);
    for (const event of events) {
      // Internal events are what derivation writes; the engine ignores them anyway.
      if (event.source === 'internal') continue;
      foldEventIntoProfile(history, event);
      deriveState(work, definitions, history, event, event.timestamp);
    }
    if (events.length < EVENTS) break;
    after = events[events.length - 1].seq;
  }
  deriveState(work, definitions, history, null, now, `history:${profile.id}:${now}`);
  profile.state = history.state;
}

/**
 * Runs the state engine once at `now` for these profiles, without journeys: after an import
 * derived their state at each event's time, this brings time-based rules up to the present, so
 * that what the history implies (a window that closed, a deadline that passed) is recorded as
 * history too, and the next state timer lies ahead.
 */
export async function bringStateUpToDate(
  store: Store,
  definitions: LoadedDefinitions,
  ids: Iterable<string>,
  now: number,
): Promise<void> {
  const all = [...ids];
  for (let i = 0; i < all.length; i += USERS) {
    const batch = all.slice(i, i + USERS);
    await store.transaction(async (tx) => {
      await tx.lockKeys(batch);
      const work = new BatchWork(tx, { definitions, now });
      await work.loadProfiles(batch);
      await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
      for (const id of batch) {
        const profile = work.profiles.get(id);
        if (profile) deriveState(work, definitions, profile, null, now, `history:${id}:${now}`);
      }
      await work.flush();
    });
  }
}
