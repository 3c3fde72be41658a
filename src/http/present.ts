import { isoTime } from '../core/iso-time.js';
import type { Account, Counter, Membership, Profile, StoredEvent } from '../core/types.js';

/** API shapes: ISO 8601 times in UTC, nothing internal to the store. */
export const iso = (time: number | null) => isoTime(time);

export function presentCounters(counters: Record<string, Counter>) {
  return Object.fromEntries(
    Object.entries(counters).map(([name, c]) => [
      name,
      { count: c.count, first: iso(c.first), last: iso(c.last) },
    ]),
  );
}

export function presentProfile(profile: Profile) {
  return {
    id: profile.id,
    userId: profile.userId,
    anonymousIds: profile.anonymousIds,
    traits: profile.traits,
    firstSeen: iso(profile.firstSeen),
    lastSeen: iso(profile.lastSeen),
    activeDays: profile.activeDays.length,
    counters: presentCounters(profile.counters),
    accountIds: profile.accounts,
  };
}

export function presentAccount(account: Account) {
  return {
    id: account.id,
    traits: account.traits,
    firstSeen: iso(account.firstSeen),
    lastSeen: iso(account.lastSeen),
    memberCount: account.memberCount,
    counters: presentCounters(account.counters),
  };
}

export function presentMembership(membership: Membership) {
  return { profileId: membership.profileId, joinedAt: iso(membership.joinedAt) };
}

export function presentEvent(event: StoredEvent) {
  return {
    seq: event.seq,
    messageId: event.messageId,
    type: event.type,
    event: event.event,
    userId: event.userId,
    anonymousId: event.anonymousId,
    groupId: event.groupId,
    previousId: event.previousId,
    timestamp: iso(event.timestamp),
    originalTimestamp: iso(event.originalTimestamp),
    sentAt: iso(event.sentAt),
    receivedAt: iso(event.receivedAt),
    properties: event.properties,
    traits: event.traits,
    context: event.context,
    source: event.source,
  };
}
