import type { IncomingEvent } from '../../core/types.js';
import { anonKey } from './new-profile.js';

/** Activity of profile `from` moves into profile `into` just before event number `at`. */
export interface Merge {
  at: number;
  from: string;
  into: string;
}

export interface Resolution {
  /** The profile each event belongs to, by position. */
  profileIds: string[];
  merges: Merge[];
  /** Aliases to record: `fromId` now resolves to `profileId`. */
  newAliases: { fromId: string; profileId: string }[];
}

/** The identity keys an event may touch before aliases are known: what to lock and look up. */
export function identityKeys(event: IncomingEvent): string[] {
  const keys: string[] = [];
  if (event.userId) keys.push(event.userId);
  if (event.anonymousId) keys.push(anonKey(event.anonymousId));
  if (event.previousId) keys.push(event.previousId, anonKey(event.previousId));
  return keys;
}

/**
 * Decides which profile each event belongs to, in order:
 * - an event with a userId belongs to that user; the first time a userId comes with an
 *   anonymousId, the visitor's profile is merged into the user's (later events from that
 *   anonymousId alone then resolve to the user);
 * - an event with only an anonymousId belongs to whoever that id was merged into, or to the
 *   visitor's own profile;
 * - `alias` merges `previousId` (a visitor or an earlier userId) into `userId`.
 * An anonymousId already merged into someone is never re-merged into someone else (a shared
 * computer must not fuse two people).
 */
export function resolveIdentities(
  events: IncomingEvent[],
  aliases: Map<string, string>,
): Resolution {
  const known = new Map(aliases);
  const merges: Merge[] = [];
  const newAliases: Resolution['newAliases'] = [];
  const link = (at: number, from: string, into: string) => {
    if (from === into || known.has(from)) return;
    known.set(from, into);
    newAliases.push({ fromId: from, profileId: into });
    merges.push({ at, from, into });
  };

  const profileIds = events.map((event, at) => {
    const anon = event.anonymousId ? anonKey(event.anonymousId) : null;
    if (event.type === 'alias' && event.userId && event.previousId) {
      link(at, event.previousId, event.userId);
      link(at, anonKey(event.previousId), event.userId);
    }
    if (event.userId) {
      if (anon) link(at, anon, event.userId);
      return event.userId;
    }
    return known.get(anon!) ?? anon!;
  });
  return { profileIds, merges, newAliases };
}
