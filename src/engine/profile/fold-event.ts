import type { Account, IncomingEvent, JsonObject, Profile } from '../../core/types.js';
import { addSortedUnique } from './sorted-set.js';
import { bumpCounter } from './bump-counter.js';
import { counterName } from './counter-name.js';
import { dayNumber } from './day-number.js';
import { setOwn } from '../../core/own-key.js';
import { keepFirstTouch, touchOf } from './first-touch.js';

/**
 * Folds one event into a profile: counters, traits, first/last seen, active days, accounts.
 * It mutates the profile it is given: callers pass a working copy they own (the runtime loads a
 * fresh one per transaction), which keeps the hot path free of copies. Returns the account id
 * the user newly joined, if any, so the caller can count the account's members.
 */
export function foldEventIntoProfile(profile: Profile, event: IncomingEvent): string | null {
  const time = event.timestamp;
  if (time < profile.firstSeen) profile.firstSeen = time;
  if (time > profile.lastSeen) profile.lastSeen = time;
  if (event.userId && !profile.userId) profile.userId = event.userId;

  if (event.type === 'identify') mergeTraits(profile.traits, event.traits);
  keepFirstTouch(profile, touchOf(event));
  const name = counterName(event);
  if (name) bumpCounter(profile.counters, name, time);
  if (event.type !== 'alias') {
    const zone = timeZoneOf(profile, event);
    addSortedUnique(profile.activeDays, dayNumber(time, zone));
  }
  if (event.groupId && !profile.accounts.includes(event.groupId)) {
    profile.accounts.push(event.groupId);
    return event.groupId;
  }
  return null;
}

/** Folds one event into the account it is attributed to (`group` call or `context.groupId`). */
export function foldEventIntoAccount(account: Account, event: IncomingEvent): void {
  const time = event.timestamp;
  if (time < account.firstSeen) account.firstSeen = time;
  if (time > account.lastSeen) account.lastSeen = time;
  if (event.type === 'group') mergeTraits(account.traits, event.traits);
  const name = counterName(event);
  if (name) bumpCounter(account.counters, name, time);
}

/** Identify traits replace earlier values key by key; a null value removes the trait. */
function mergeTraits(into: JsonObject, traits: JsonObject): void {
  for (const [key, value] of Object.entries(traits)) {
    // Trait names are the sender's: "__proto__" is kept as plain data, never as a prototype.
    if (value === null) delete into[key];
    else setOwn(into, key, value);
  }
}

function timeZoneOf(profile: Profile, event: IncomingEvent): string | null {
  const fromTraits = profile.traits.timezone;
  if (typeof fromTraits === 'string') return fromTraits;
  const fromContext = event.context.timezone;
  return typeof fromContext === 'string' ? fromContext : null;
}
