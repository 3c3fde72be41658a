import type { Account, IncomingEvent, Membership, Profile, StoredEvent } from '../core/types.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../engine/profile/fold-event.js';
import { mergeProfiles } from '../engine/profile/merge-profiles.js';
import { newAccount, newProfile } from '../engine/profile/new-profile.js';
import { identityKeys, resolveIdentities } from '../engine/profile/resolve-identities.js';
import type { StoreTx } from '../store/store.js';

export interface AppliedBatch {
  /** The events that were new (duplicates by messageId are left out), with their seq. */
  inserted: StoredEvent[];
  duplicates: number;
}

/** Lock keys of accounts live beside profile ids, under their own prefix. */
const accountLockKey = (id: string) => `account:${id}`;

/**
 * Stores a group of events and applies the new ones to profiles and accounts, inside the
 * caller's transaction: the event log and every profile move together or not at all, so an
 * acknowledged event is always reflected in its profile and a retried one never counts twice.
 */
export async function applyEvents(tx: StoreTx, batch: IncomingEvent[]): Promise<AppliedBatch> {
  const events = uniqueByMessageId(batch);
  const rawKeys = new Set(events.flatMap(identityKeys));
  const groupIds = new Set(events.flatMap((e) => (e.groupId ? [e.groupId] : [])));
  await tx.lockKeys([...rawKeys, ...[...groupIds].map(accountLockKey)]);

  const aliases = await tx.getAliases([...rawKeys]);
  const { profileIds, merges, newAliases } = resolveIdentities(events, aliases);
  // Aliases can lead to profiles this transaction has not locked yet.
  const extra = [...new Set([...profileIds, ...aliases.values()])].filter((k) => !rawKeys.has(k));
  if (extra.length) await tx.lockKeys(extra);

  const seqs = await tx.insertEvents(events.map((e, i) => ({ ...e, profileId: profileIds[i] })));

  const touched = new Set([...profileIds, ...merges.map((m) => m.from)]);
  const profiles = await tx.getProfiles([...touched]);
  const accounts = await tx.getAccounts([...groupIds]);
  const changedAccounts = new Set<string>();
  const memberships: Membership[] = [];
  const deleted = new Set<string>();
  const inserted: StoredEvent[] = [];
  let nextMerge = 0;

  for (let i = 0; i < events.length; i++) {
    for (; nextMerge < merges.length && merges[nextMerge].at === i; nextMerge++) {
      const { from, into } = merges[nextMerge];
      const source = profiles.get(from);
      if (!source) continue;
      const target = profileOf(profiles, into, source.firstSeen);
      for (const shared of mergeProfiles(target, source)) {
        const account = accounts.get(shared) ?? (await loadAccount(tx, accounts, shared));
        if (account) {
          account.memberCount = Math.max(0, account.memberCount - 1);
          changedAccounts.add(shared);
        }
      }
      profiles.delete(from);
      deleted.add(from);
    }

    const seq = seqs[i];
    if (seq === null) continue;
    const event = events[i];
    const profileId = profileIds[i];
    const profile = profileOf(profiles, profileId, event.timestamp);
    deleted.delete(profileId);
    const joined = foldEventIntoProfile(profile, event);
    if (event.groupId) {
      const account = accounts.get(event.groupId) ?? newAccount(event.groupId, event.timestamp);
      accounts.set(event.groupId, account);
      foldEventIntoAccount(account, event);
      if (joined) {
        account.memberCount += 1;
        memberships.push({ accountId: joined, profileId, joinedAt: event.timestamp });
      }
      changedAccounts.add(event.groupId);
    }
    inserted.push({ ...event, seq, profileId });
  }

  if (newAliases.length) await tx.putAliases(newAliases);
  for (const { from, into } of merges) {
    if (!deleted.has(from)) continue;
    await tx.reassignEvents(from, into);
    await tx.reassignMemberships(from, into);
  }
  if (deleted.size) await tx.deleteProfiles([...deleted]);
  await tx.putProfiles([...profiles.values()]);
  if (changedAccounts.size) {
    await tx.putAccounts([...changedAccounts].map((id) => accounts.get(id)!));
  }
  if (memberships.length) await tx.addMemberships(memberships);
  return { inserted, duplicates: batch.length - inserted.length };
}

function profileOf(profiles: Map<string, Profile>, id: string, time: number): Profile {
  let profile = profiles.get(id);
  if (!profile) {
    profile = newProfile(id, time);
    profiles.set(id, profile);
  }
  return profile;
}

async function loadAccount(tx: StoreTx, accounts: Map<string, Account>, id: string) {
  await tx.lockKeys([accountLockKey(id)]);
  const found = (await tx.getAccounts([id])).get(id);
  if (found) accounts.set(id, found);
  return found;
}

/** The first of several events with one messageId wins, as it would across two requests. */
function uniqueByMessageId(events: IncomingEvent[]): IncomingEvent[] {
  const seen = new Set<string>();
  const unique: IncomingEvent[] = [];
  for (const event of events) {
    if (seen.has(event.messageId)) continue;
    seen.add(event.messageId);
    unique.push(event);
  }
  return unique;
}
