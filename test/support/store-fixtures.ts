import type { Account, Profile } from '../../src/core/types.js';
import type { EventToInsert } from '../../src/store/store.js';

/** Builders for store rows with every field set, so round trips compare whole objects. */

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export function makeEvent(n: number, overrides: Partial<EventToInsert> = {}): EventToInsert {
  return {
    messageId: `msg-${n}`,
    type: 'track',
    event: 'Report Created',
    userId: 'user-1',
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: T0 + n * 1000,
    originalTimestamp: T0 + n * 1000 - 5,
    sentAt: T0 + n * 1000 + 10,
    receivedAt: T0 + n * 1000 + 20,
    properties: { n, plan: 'pro', nested: { list: [1, 'two', null, true] } },
    traits: {},
    context: { ip: '203.0.113.7', library: { name: 'analytics-node', version: '3.1.0' } },
    source: 'api',
    profileId: 'user-1',
    ...overrides,
  };
}

export function makeProfile(id: string, overrides: Partial<Profile> = {}): Profile {
  return {
    id,
    userId: id.startsWith('anon:') ? null : id,
    anonymousIds: [],
    traits: { plan: 'pro' },
    counters: { 'Report Created': { count: 2, first: T0, last: T0 + 60_000 } },
    firstSeen: T0,
    lastSeen: T0 + 60_000,
    activeDays: [20458],
    accounts: [],
    state: { lifecycle: 'onboarding', score: 1.5 },
    ...overrides,
  };
}

export function makeAccount(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    traits: { name: `Account ${id}`, employees: 12 },
    counters: {},
    firstSeen: T0,
    lastSeen: T0 + 1000,
    memberCount: 0,
    state: {},
    ...overrides,
  };
}
