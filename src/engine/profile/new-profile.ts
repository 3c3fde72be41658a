import type { Account, Profile } from '../../core/types.js';

export function newProfile(id: string, time: number): Profile {
  return {
    id,
    userId: id.startsWith(ANON_PREFIX) ? null : id,
    anonymousIds: id.startsWith(ANON_PREFIX) ? [id.slice(ANON_PREFIX.length)] : [],
    traits: {},
    counters: {},
    firstSeen: time,
    lastSeen: time,
    activeDays: [],
    accounts: [],
    state: {},
  };
}

export function newAccount(id: string, time: number): Account {
  return {
    id,
    traits: {},
    counters: {},
    firstSeen: time,
    lastSeen: time,
    memberCount: 0,
    state: {},
  };
}

/** Profiles of people not yet identified are keyed by their anonymousId under this prefix. */
export const ANON_PREFIX = 'anon:';

export function anonKey(anonymousId: string): string {
  return ANON_PREFIX + anonymousId;
}
