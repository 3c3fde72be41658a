import type { IncomingEvent, StoredEvent } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../engine/profile/fold-event.js';
import { mergeProfiles } from '../engine/profile/merge-profiles.js';
import { identityKeys, resolveIdentities } from '../engine/profile/resolve-identities.js';
import {
  eventOccurrence,
  stateChangeOccurrence,
  traitChangeOccurrences,
} from '../engine/journeys/index.js';
import type { StoreTx } from '../store/store.js';
import { rederiveImportedHistory } from './history-first.js';
import { accountLockKey, BatchWork } from './batch-work.js';
import { deriveState } from './derive-state.js';
import { AccountTriggers, type AccountBefore } from './journeys/account-triggers.js';
import type { JourneyVersionBook } from './journeys/journey-versions.js';
import { runJourneys, type UserOccurrences } from './journeys/run-journeys.js';

export interface AppliedBatch {
  /** The new events (duplicates by messageId left out) with their seq, each followed by the
   * state changes it caused, as internal events. */
  inserted: StoredEvent[];
  duplicates: number;
}

export interface ApplyOptions {
  /** The workspace; without one, profiles are kept but no state is derived. */
  definitions?: LoadedDefinitions | null;
  /** The clock's time, at which state rules are evaluated. */
  now: number;
  /** Older journey versions, for runs that started on them. */
  versions?: JourneyVersionBook;
  /**
   * Derive state as of each event's own time rather than `now` (a backfill: history is applied
   * as it happened, so a deadline that had not passed then is not missed).
   */
  stateAtEventTime?: boolean;
  /** Called once the transaction holds the locks of the batch's users and accounts. */
  onLocked?: () => void;
}

/**
 * Stores a group of events and applies the new ones to profiles, accounts and derived state,
 * inside the caller's transaction: the event log, every profile and every state change move
 * together or not at all, so an acknowledged event is always reflected in its profile and a
 * retried one never counts twice.
 */
export async function applyEvents(
  tx: StoreTx,
  batch: IncomingEvent[],
  options: ApplyOptions,
): Promise<AppliedBatch> {
  const events = uniqueByMessageId(batch);
  const rawKeys = new Set(events.flatMap(identityKeys));
  const groupIds = new Set(events.flatMap((e) => (e.groupId ? [e.groupId] : [])));
  await tx.lockKeys([...rawKeys, ...[...groupIds].map(accountLockKey)]);
  options.onLocked?.();

  const aliases = await tx.getAliases([...rawKeys]);
  const { profileIds, merges, newAliases } = resolveIdentities(events, aliases);
  // Aliases can lead to profiles this transaction has not locked yet.
  const extra = [...new Set([...profileIds, ...aliases.values()])].filter((k) => !rawKeys.has(k));
  if (extra.length) await tx.lockKeys(extra);

  // The rows to insert are also what `inserted` returns, once their seq is known.
  const rows: StoredEvent[] = events.map((e, i) => storedEvent(e, profileIds[i]));
  const seqs = await tx.insertEvents(rows);

  const definitions = options.definitions ?? null;
  const work = new BatchWork(tx, definitions && { definitions, now: options.now });
  work.newAliases = newAliases;
  await work.loadProfiles([...profileIds, ...merges.map((m) => m.from)]);
  const memberOf = [...work.profiles.values()].flatMap((p) => p.accounts);
  await work.loadAccounts([...groupIds, ...memberOf]);

  const accountTriggers = AccountTriggers.of(definitions);
  const inserted: StoredEvent[] = [];
  const occurrences = new Map<string, UserOccurrences>();
  let stored = 0;
  let nextMerge = 0;
  for (let i = 0; i < events.length; i++) {
    for (; nextMerge < merges.length && merges[nextMerge].at === i; nextMerge++) {
      await merge(work, merges[nextMerge]);
    }
    const seq = seqs[i];
    if (seq === null) continue;
    const event = events[i];
    const profileId = profileIds[i];
    const profile = work.profile(profileId, event.timestamp);
    // Imported history read with changed definitions is history first (history-first.ts).
    if (definitions && event.source !== 'import')
      rederiveImportedHistory(work, definitions, profile, options.now);
    const traitsBefore = event.type === 'identify' && definitions ? { ...profile.traits } : null;
    const joined = foldEventIntoProfile(profile, event);
    let accountBefore: AccountBefore | null = null;
    if (event.groupId) {
      const account = work.account(event.groupId, event.timestamp);
      accountBefore = accountTriggers?.before(account) ?? null;
      foldEventIntoAccount(account, event);
      if (joined) {
        account.memberCount += 1;
        work.memberships.push({ accountId: joined, profileId, joinedAt: event.timestamp });
      }
      work.changedAccounts.add(event.groupId);
    }
    rows[i].seq = seq;
    inserted.push(rows[i]);
    stored += 1;
    if (!definitions) continue;
    const at = options.stateAtEventTime ? event.timestamp : options.now;
    const { changes, internal } = deriveState(work, definitions, profile, event, at);
    inserted.push(...internal);
    if (accountBefore) {
      const account = work.accounts.get(event.groupId!)!;
      accountTriggers!.record(accountBefore, account, event, options.now);
    }
    let user = occurrences.get(profileId);
    if (!user) occurrences.set(profileId, (user = { profile, occurrences: [] }));
    user.profile = profile;
    user.occurrences.push(eventOccurrence(event));
    if (traitsBefore)
      user.occurrences.push(...traitChangeOccurrences(traitsBefore, profile.traits, event));
    for (const change of changes) user.occurrences.push(stateChangeOccurrence(change, event));
  }

  if (definitions && options.versions) {
    // An account's event reaches its members in this transaction too.
    await accountTriggers?.handToMembers(work, occurrences);
    const users = [...occurrences.values()];
    inserted.push(...(await runJourneys(work, definitions, users, options.versions, options.now)));
  }
  await work.flush();
  return { inserted, duplicates: batch.length - stored };
}

/** Moves a visitor's profile into the user's, correcting shared accounts' member counts. */
async function merge(work: BatchWork, { from, into }: { from: string; into: string }) {
  const source = work.profiles.get(from);
  if (!source) return;
  const target = work.profile(into, source.firstSeen);
  const shared = mergeProfiles(target, source);
  await work.loadAccounts(shared);
  for (const id of shared) {
    const account = work.accounts.get(id);
    if (!account) continue;
    account.memberCount = Math.max(0, account.memberCount - 1);
    work.changedAccounts.add(id);
  }
  work.profiles.delete(from);
  work.deleted.add(from);
  work.merges.push({ from, into });
}

/**
 * The event as the log keeps it, its seq still unknown. Field by field: V8 copies an object
 * this size with a spread (`{ ...event, profileId }`) some twenty times slower, which at ingest
 * rates was several percent of the CPU time per event.
 */
function storedEvent(e: IncomingEvent, profileId: string): StoredEvent {
  return {
    messageId: e.messageId,
    type: e.type,
    event: e.event,
    userId: e.userId,
    anonymousId: e.anonymousId,
    groupId: e.groupId,
    previousId: e.previousId,
    timestamp: e.timestamp,
    originalTimestamp: e.originalTimestamp,
    sentAt: e.sentAt,
    receivedAt: e.receivedAt,
    properties: e.properties,
    traits: e.traits,
    context: e.context,
    source: e.source,
    profileId,
    seq: 0,
  };
}

/** The first of several events with one messageId wins, as it would across two requests. */
function uniqueByMessageId(events: IncomingEvent[]): IncomingEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.messageId)) return false;
    seen.add(event.messageId);
    return true;
  });
}
