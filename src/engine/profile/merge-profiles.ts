import type { Profile } from '../../core/types.js';
import { addCounters } from './bump-counter.js';
import { unionSorted } from './sorted-set.js';
import { keepFirstTouch } from './first-touch.js';

/**
 * Merges the activity of `from` (typically an anonymous visitor) into `into` (the identified
 * user): counters add up, active days and accounts are united, and traits the user already has
 * win over the visitor's. Mutates `into`. Returns the accounts both were members of, so the
 * caller can correct those accounts' member counts.
 */
export function mergeProfiles(into: Profile, from: Profile): string[] {
  addCounters(into.counters, from.counters);
  into.traits = { ...from.traits, ...into.traits };
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
  into.activeDays = unionSorted(into.activeDays, from.activeDays);
  keepFirstTouch(into, from.firstTouch);
  for (const id of from.anonymousIds) {
    if (!into.anonymousIds.includes(id)) into.anonymousIds.push(id);
  }
  const shared: string[] = [];
  for (const account of from.accounts) {
    if (into.accounts.includes(account)) shared.push(account);
    else into.accounts.push(account);
  }
  return shared;
}
