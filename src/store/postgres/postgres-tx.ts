import type pg from 'pg';
import type { Account, Membership, Profile } from '../../core/types.js';
import type { JourneyRun } from '../../engine/journeys/types.js';
import { consentFromRow, mergeConsents } from '../consent-rows.js';
import { accountFromRow, lastById, profileFromRow } from '../documents.js';
import { checkLimit } from '../page-cursor.js';
import { runFromRow } from '../run-rows.js';
import { unpackPayloads } from '../trigger-rows.js';
import { lastSegmentChanges, lastTimers } from '../state-changes.js';
import {
  entryHistoryKey,
  type ConsentRecord,
  type DeadLetter,
  type EntryHistoryRecord,
  type EventToInsert,
  type InboxMark,
  type InboxMessage,
  type JourneyVersionKey,
  type JourneyVersionRecord,
  type MessageCopy,
  type MessageRecord,
  type RecentSendRecord,
  type SegmentMemberChange,
  type StoreTx,
} from '../store.js';
import type { CopyPacker } from '../message-copy-codec.js';
import { storableJson } from '../safe-json.js';
import { assertOpen } from '../transaction-scope.js';
import { bigintArray, textArray } from './array-literal.js';
import { accountColumns, eventColumns, profileColumns } from './bulk-columns.js';
import { consentColumns, messageColumns, runColumns } from './journey-columns.js';
import { queries } from './postgres-queries.js';
import { PostgresScheduleTx } from './schedule-tx.js';
import { LateLockError } from './retry.js';
import { PostgresUserDataTx } from './user-data-tx.js';
import type { ConsentRow, ProfileRecord, AccountRecord, RunRecord } from './records.js';

/**
 * The writes of one PostgreSQL transaction, on one pooled connection. Every bulk method is one
 * round trip whatever the batch size: rows travel as one array literal per column
 * (array-literal.ts, bulk-columns.ts), matched with `= ANY` or turned back into rows by
 * `unnest` on the server.
 */
export class PostgresTx implements StoreTx {
  private open = true;
  /** The lock keys held (with the namespace), once the first `lockKeys` call has run. */
  private held: Set<string> | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly now: () => number,
    /** Prefix of lock keys, so stores in different schemas of one database never contend. */
    private readonly lockNamespace: string,
    /** Email copies' dictionaries, shared by the store's transactions. */
    private readonly copies: CopyPacker,
    /** Keys an earlier attempt of this transaction asked for late and found taken (namespaced):
     * this attempt's first `lockKeys` call takes them too. Shared by the attempts. */
    private readonly lateKeys: Set<string> = new Set(),
  ) {}

  end(): void {
    this.open = false;
  }

  // Schedule triggers' writes live in schedule-tx.ts.
  private readonly schedules = new PostgresScheduleTx((query, values) => this.run(query, values));
  readonly setProfileTimeZones = this.schedules.setProfileTimeZones;
  readonly profilesInTimeZone = this.schedules.profilesInTimeZone;
  readonly addScheduleTimers = this.schedules.addScheduleTimers;
  readonly syncScheduleTimers = this.schedules.syncScheduleTimers;
  readonly putScheduleTimers = this.schedules.putScheduleTimers;
  readonly deleteScheduleTimers = this.schedules.deleteScheduleTimers;
  readonly claimDueScheduleTimers = this.schedules.claimDueScheduleTimers;

  // Data-rights writes (erasure, suppression, retention) live in user-data-tx.ts.
  private readonly userData = new PostgresUserDataTx((query, values) => this.run(query, values));
  readonly profileEvents = this.userData.profileEvents;
  readonly suppressedAddresses = this.userData.suppressedAddresses;
  readonly eraseProfile = this.userData.eraseProfile;
  readonly suppressAddresses = this.userData.suppressAddresses;
  readonly recordErasure = this.userData.recordErasure;
  readonly dropEventsBefore = this.userData.dropEventsBefore;
  readonly profilesWithoutState = this.userData.profilesWithoutState;

  private run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    query: { name: string; text: string },
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    assertOpen(this.open);
    return this.client.query<R>({ name: query.name, text: query.text, values });
  }

  /**
   * The first call waits for its keys, taken in one sorted statement (no deadlock between two
   * first calls). A later call, e.g. for the accounts of the profiles just read, must not wait:
   * another transaction may hold its key while waiting for one this transaction took first, a
   * deadlock PostgreSQL breaks only after `deadlock_timeout`. It takes the keys if they are free
   * and otherwise fails with LateLockError, so the transaction reruns with them in its first call.
   */
  async lockKeys(keys: string[]): Promise<void> {
    assertOpen(this.open);
    if (keys.length === 0) return;
    const wanted = keys.map((k) => this.lockNamespace + k);
    if (this.held === null) {
      const sorted = [...new Set([...wanted, ...this.lateKeys])].sort();
      await this.run(queries.locks.lockKeys, [textArray(sorted)]);
      this.held = new Set(sorted);
      return;
    }
    const missing = [...new Set(wanted)].filter((k) => !this.held!.has(k)).sort();
    if (missing.length === 0) return;
    const { rows } = await this.run<{ locked: boolean }>(queries.locks.tryLockKeys, [
      textArray(missing),
    ]);
    if (!rows[0].locked) {
      for (const key of missing) this.lateKeys.add(key);
      throw new LateLockError(missing.length);
    }
    for (const key of missing) this.held.add(key);
  }

  async knownMessageIds(messageIds: string[]): Promise<Set<string>> {
    assertOpen(this.open);
    if (messageIds.length === 0) return new Set();
    const { rows } = await this.run<{ messageId: string }>(queries.events.known, [
      textArray(messageIds),
    ]);
    return new Set(rows.map((r) => r.messageId));
  }

  async insertEvents(events: EventToInsert[]): Promise<(number | null)[]> {
    assertOpen(this.open);
    if (events.length === 0) return [];
    const { rows } = await this.run<{ seq: number; messageId: string }>(
      queries.events.insert,
      eventColumns(events),
    );
    // RETURNING promises no order; match by messageId. Deleting on use gives a repeated
    // messageId within the batch its null: only its first occurrence was inserted.
    const seqs = new Map(rows.map((r) => [r.messageId, r.seq]));
    return events.map((e) => {
      const seq = seqs.get(e.messageId);
      if (seq === undefined) return null;
      seqs.delete(e.messageId);
      return seq;
    });
  }

  async reassignEvents(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    await this.run(queries.events.reassign, [fromProfileId, toProfileId]);
  }

  async getAliases(fromIds: string[]): Promise<Map<string, string>> {
    assertOpen(this.open);
    if (fromIds.length === 0) return new Map();
    const { rows } = await this.run<{ fromId: string; profileId: string }>(
      queries.profiles.getAliases,
      [textArray(fromIds)],
    );
    return new Map(rows.map((r) => [r.fromId, r.profileId]));
  }

  async putAliases(aliases: { fromId: string; profileId: string }[]): Promise<void> {
    assertOpen(this.open);
    if (aliases.length === 0) return;
    const unique = new Map(aliases.map((a) => [a.fromId, a.profileId]));
    const values = [textArray([...unique.keys()]), textArray([...unique.values()])];
    await this.run(queries.profiles.putAliases, values);
    await this.run(queries.profiles.repointAliases, values);
  }

  async getProfiles(ids: string[]): Promise<Map<string, Profile>> {
    assertOpen(this.open);
    if (ids.length === 0) return new Map();
    const { rows } = await this.run<ProfileRecord>(queries.profiles.get, [textArray(ids)]);
    const found = new Map<string, Profile>();
    for (const r of rows) {
      found.set(r.id, profileFromRow(r.id, r.userId, r.firstSeen, r.lastSeen, r.doc));
    }
    return found;
  }

  async putProfiles(profiles: Profile[]): Promise<void> {
    assertOpen(this.open);
    if (profiles.length === 0) return;
    const [ids, userIds, emails, names, firstSeen, lastSeen, docs, ...facts] =
      profileColumns(profiles);
    await this.run(queries.profiles.upsert, [
      ids,
      userIds,
      emails,
      names,
      firstSeen,
      lastSeen,
      this.now(),
      docs,
      ...facts,
    ]);
  }

  async deleteProfiles(ids: string[]): Promise<void> {
    assertOpen(this.open);
    if (ids.length === 0) return;
    await this.run(queries.profiles.delete, [textArray(ids)]);
  }

  async getAccounts(ids: string[]): Promise<Map<string, Account>> {
    assertOpen(this.open);
    if (ids.length === 0) return new Map();
    const { rows } = await this.run<AccountRecord>(queries.accounts.get, [textArray(ids)]);
    const found = new Map<string, Account>();
    for (const r of rows) found.set(r.id, accountFromRow(r.id, r.firstSeen, r.lastSeen, r.doc));
    return found;
  }

  /** No document cache on PostgreSQL: each transaction reads its documents. */
  keepUnchanged(
    _profileIds: Iterable<string>,
    _accountIds: Iterable<string>,
    _until?: Promise<unknown>,
  ): void {}

  async putAccounts(accounts: Account[]): Promise<void> {
    assertOpen(this.open);
    if (accounts.length === 0) return;
    const [ids, firstSeen, lastSeen, docs] = accountColumns(accounts);
    await this.run(queries.accounts.upsert, [ids, firstSeen, lastSeen, this.now(), docs]);
  }

  async addMemberships(memberships: Membership[]): Promise<number> {
    assertOpen(this.open);
    if (memberships.length === 0) return 0;
    const { rowCount } = await this.run(queries.accounts.addMemberships, [
      textArray(memberships.map((m) => m.accountId)),
      textArray(memberships.map((m) => m.profileId)),
      bigintArray(memberships.map((m) => m.joinedAt)),
    ]);
    return rowCount ?? 0;
  }

  async reassignMemberships(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    await this.run(queries.accounts.reassignMemberships, [fromProfileId, toProfileId]);
  }

  async membersOf(accountIds: string[]): Promise<Membership[]> {
    assertOpen(this.open);
    if (accountIds.length === 0) return [];
    const { rows } = await this.run<Membership>(queries.accounts.membersOf, [
      textArray(accountIds),
    ]);
    return rows;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.run(queries.settings.set, [key, value]);
  }

  async addDeadLetters(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.run(queries.deadLetters.insert, [
      textArray(letters.map((l) => l.id)),
      textArray(letters.map((l) => l.messageId)),
      bigintArray(letters.map((l) => l.at)),
      textArray(letters.map((l) => l.error)),
      textArray(letters.map((l) => l.event)),
    ]);
  }

  async setStateTimers(timers: { profileId: string; dueAt: number | null }[]): Promise<void> {
    assertOpen(this.open);
    if (timers.length === 0) return;
    const { set, cleared } = lastTimers(timers);
    await this.run(queries.state.setTimers, [
      textArray(set.map((t) => t.profileId)),
      bigintArray(set.map((t) => t.dueAt)),
      textArray(cleared),
    ]);
  }

  async claimDueStateTimers(now: number, limit: number): Promise<string[]> {
    const { rows } = await this.run<{ profileId: string }>(queries.state.claimDue, [
      now,
      checkLimit(limit),
    ]);
    return rows.map((r) => r.profileId);
  }

  async recheckAll(now: number, segments: string[]): Promise<void> {
    assertOpen(this.open);
    await this.run(queries.state.dueAll, [now]);
    await this.run(queries.state.dropOtherSegments, [textArray(segments)]);
  }

  async updateSegmentMembers(changes: SegmentMemberChange[]): Promise<void> {
    assertOpen(this.open);
    if (changes.length === 0) return;
    const last = lastSegmentChanges(changes);
    await this.run(queries.state.updateMembers, [
      textArray(last.map((c) => c.segment)),
      textArray(last.map((c) => c.profileId)),
      bigintArray(last.map((c) => c.enteredAt)),
    ]);
  }

  async listeningRuns(profileIds: string[], now: number): Promise<JourneyRun[]> {
    assertOpen(this.open);
    if (profileIds.length === 0) return [];
    const { rows } = await this.run<RunRecord>(queries.runs.listening, [
      textArray(profileIds),
      now,
    ]);
    return rows.map(({ doc, ...columns }) => runFromRow(columns, doc));
  }

  async entryHistories(profileIds: string[]): Promise<Map<string, EntryHistoryRecord>> {
    assertOpen(this.open);
    if (profileIds.length === 0) return new Map();
    const { rows } = await this.run<EntryHistoryRecord & { profileId: string; journeyId: string }>(
      queries.runs.histories,
      [textArray(profileIds)],
    );
    return new Map(
      rows.map(({ profileId, journeyId, ...history }) => [
        entryHistoryKey(profileId, journeyId),
        history,
      ]),
    );
  }

  async createRuns(runs: JourneyRun[]): Promise<boolean[]> {
    assertOpen(this.open);
    if (runs.length === 0) return [];
    const { rows } = await this.run<{ id: string }>(queries.runs.create, runColumns(runs));
    return insertedFlags(runs, rows);
  }

  async updateRuns(runs: JourneyRun[]): Promise<void> {
    assertOpen(this.open);
    if (runs.length === 0) return;
    await this.run(queries.runs.update, runColumns(lastById(runs)));
  }

  async claimDueRuns(now: number, limit: number): Promise<JourneyRun[]> {
    const { rows } = await this.run<RunRecord>(queries.runs.claimDue, [now, checkLimit(limit)]);
    return rows.map(({ doc, ...columns }) => runFromRow(columns, doc));
  }

  async reassignRuns(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    await this.run(queries.runs.reassign, [fromProfileId, toProfileId]);
  }

  async getJourneyVersions(keys: JourneyVersionKey[]): Promise<JourneyVersionRecord[]> {
    assertOpen(this.open);
    if (keys.length === 0) return [];
    const { rows } = await this.run<JourneyVersionRecord>(queries.journeyVersions.get, [
      textArray(keys.map((k) => k.journeyId)),
      textArray(keys.map((k) => k.version)),
    ]);
    return rows;
  }

  async putJourneyVersions(versions: JourneyVersionRecord[]): Promise<void> {
    assertOpen(this.open);
    if (versions.length === 0) return;
    await this.run(queries.journeyVersions.put, [
      textArray(versions.map((v) => v.journeyId)),
      textArray(versions.map((v) => v.version)),
      bigintArray(versions.map((v) => v.createdAt)),
      storableJson(versions.map((v) => v.definition)),
    ]);
  }

  async insertMessages(messages: MessageRecord[]): Promise<boolean[]> {
    assertOpen(this.open);
    if (messages.length === 0) return [];
    const { rows } = await this.run<{ id: string }>(
      queries.messages.insert,
      messageColumns(messages),
    );
    return insertedFlags(messages, rows);
  }

  async putMessageCopies(copies: MessageCopy[]): Promise<void> {
    assertOpen(this.open);
    if (copies.length === 0) return;
    const { packed, used } = this.copies.pack(copies);
    if (used.length) {
      await this.run(queries.messageCopies.putDictionaries, [
        used.map((d) => d.id),
        used.map((d) => d.body),
        Math.max(...copies.map((c) => c.sentAt)),
      ]);
    }
    await this.run(queries.messageCopies.put, [
      copies.map((c) => c.messageId),
      copies.map((c) => c.profileId),
      copies.map((c) => c.sentAt),
      packed.map((p) => p.html),
      packed.map((p) => p.dictionary),
    ]);
  }

  async deleteMessageCopiesBefore(sentBefore: number): Promise<number> {
    assertOpen(this.open);
    const result = await this.run(queries.messageCopies.deleteBefore, [sentBefore]);
    await this.run(queries.messageCopies.deleteDictionariesBefore, [sentBefore]);
    return result.rowCount ?? 0;
  }

  async updateMessages(messages: MessageRecord[]): Promise<void> {
    assertOpen(this.open);
    if (messages.length === 0) return;
    await this.run(queries.messages.update, messageColumns(lastById(messages)));
  }

  async requeueMessage(id: string, now: number, reason: string): Promise<MessageRecord | null> {
    assertOpen(this.open);
    const { rows } = await this.run<MessageRecord>(queries.messages.requeue, [id, now, reason]);
    return unpackPayloads(rows)[0] ?? null;
  }

  async claimDueMessages(now: number, limit: number): Promise<MessageRecord[]> {
    const { rows } = await this.run<MessageRecord>(queries.messages.claimDue, [
      now,
      checkLimit(limit),
    ]);
    return unpackPayloads(rows);
  }

  async expiredSends(now: number, limit: number): Promise<MessageRecord[]> {
    const { rows } = await this.run<MessageRecord>(queries.messages.expired, [
      now,
      checkLimit(limit),
    ]);
    return unpackPayloads(rows);
  }

  async recentSends(profileIds: string[], since: number): Promise<RecentSendRecord[]> {
    assertOpen(this.open);
    if (profileIds.length === 0) return [];
    const { rows } = await this.run<RecentSendRecord>(queries.messages.recentSends, [
      textArray(profileIds),
      since,
    ]);
    return rows;
  }

  async reassignMessages(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    await this.run(queries.messages.reassign, [fromProfileId, toProfileId]);
  }

  async getConsents(profileIds: string[]): Promise<Map<string, ConsentRecord>> {
    assertOpen(this.open);
    if (profileIds.length === 0) return new Map();
    const { rows } = await this.run<ConsentRow>(queries.consents.get, [textArray(profileIds)]);
    return new Map(
      rows.map((r) => [
        r.profileId,
        consentFromRow(r.profileId, r.unsubscribedAll, r.updatedAt, r.doc),
      ]),
    );
  }

  async putConsents(consents: ConsentRecord[]): Promise<void> {
    assertOpen(this.open);
    if (consents.length === 0) return;
    const last = [...new Map(consents.map((c) => [c.profileId, c])).values()];
    await this.run(queries.consents.put, consentColumns(last));
  }

  async reassignConsent(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    const found = await this.getConsents([fromProfileId, toProfileId]);
    const moved = found.get(fromProfileId);
    if (!moved) return;
    await this.putConsents([mergeConsents(moved, found.get(toProfileId) ?? null, toProfileId)]);
    await this.run(queries.consents.delete, [fromProfileId]);
  }

  async markInboxMessage(
    profileId: string,
    messageId: string,
    mark: InboxMark,
    now: number,
  ): Promise<InboxMessage | null> {
    const { rows } = await this.run<InboxMessage>(queries.inbox.mark, [
      profileId,
      messageId,
      now,
      mark === 'dismissed',
    ]);
    return unpackPayloads(rows)[0] ?? null;
  }
}

/**
 * Per input row, whether RETURNING named it. Deleting on use gives the second of two equal ids
 * in a batch its false: only the first was inserted.
 */
function insertedFlags(input: { id: string }[], returned: { id: string }[]): boolean[] {
  const inserted = new Set(returned.map((r) => r.id));
  return input.map((item) => inserted.delete(item.id));
}
