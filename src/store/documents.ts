import type { Account, JsonObject, Profile } from '../core/types.js';

/**
 * How profiles and accounts are laid out in rows: the fields the database must search, sort or
 * join on are columns; everything else is one JSON document, written and read whole. The
 * document is "the rest" of the object, so a field added to `Profile` is persisted without a
 * migration, and one JSON.stringify/parse per row is the whole encoding cost.
 */
export type ProfileDoc = Omit<Profile, 'id' | 'userId' | 'firstSeen' | 'lastSeen'>;
export type AccountDoc = Omit<Account, 'id' | 'firstSeen' | 'lastSeen'>;

export interface ProfileRow {
  id: string;
  userId: string | null;
  email: string | null;
  name: string | null;
  firstSeen: number;
  lastSeen: number;
  doc: ProfileDoc;
}

export function profileToRow(profile: Profile): ProfileRow {
  const { id, userId, firstSeen, lastSeen, ...rest } = profile;
  return {
    id,
    userId,
    email: stringTrait(profile.traits, 'email'),
    name: nameOf(profile.traits),
    firstSeen,
    lastSeen,
    doc: rest,
  };
}

/** Completes the parsed document in place: copying it with a spread costs as much again as
 * parsing it. */
export function profileFromRow(
  id: string,
  userId: string | null,
  firstSeen: number,
  lastSeen: number,
  doc: ProfileDoc,
): Profile {
  const profile = doc as Profile;
  profile.id = id;
  profile.userId = userId;
  profile.firstSeen = firstSeen;
  profile.lastSeen = lastSeen;
  return profile;
}

export interface AccountRow {
  id: string;
  firstSeen: number;
  lastSeen: number;
  doc: AccountDoc;
}

export function accountToRow(account: Account): AccountRow {
  const { id, firstSeen, lastSeen, ...rest } = account;
  return { id, firstSeen, lastSeen, doc: rest };
}

export function accountFromRow(
  id: string,
  firstSeen: number,
  lastSeen: number,
  doc: AccountDoc,
): Account {
  const account = doc as Account;
  account.id = id;
  account.firstSeen = firstSeen;
  account.lastSeen = lastSeen;
  return account;
}

/** Later entries win: a bulk upsert may not touch one row twice (PostgreSQL refuses it). */
export function lastById<T extends { id: string }>(items: T[]): T[] {
  if (items.length < 2) return items;
  const byId = new Map<string, T>();
  for (const item of items) byId.set(item.id, item);
  return byId.size === items.length ? items : [...byId.values()];
}

function stringTrait(traits: JsonObject, key: string): string | null {
  const value = traits[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Segment's reserved traits: `name`, or `firstName` + `lastName`. */
function nameOf(traits: JsonObject): string | null {
  const name = stringTrait(traits, 'name');
  if (name) return name;
  const parts = [stringTrait(traits, 'firstName'), stringTrait(traits, 'lastName')];
  const joined = parts.filter(Boolean).join(' ');
  return joined || null;
}
