import type { Account, Membership, Profile } from '../../core/types.js';
import type { JourneyRun } from '../../engine/journeys/types.js';
import { mergeConsents } from '../consent-rows.js';
import { accountToRow, profileToRow } from '../documents.js';
import type { CopyPacker } from '../message-copy-codec.js';
import { profileFacts, pushFactsValues, type ProfileFactsRow } from '../profile-facts.js';
import { storableJson } from '../safe-json.js';
import { checkLimit } from '../page-cursor.js';
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
import { assertOpen } from '../transaction-scope.js';
import { accountFromRecord } from './queries/accounts.js';
import { consentFromRecord, consentParams } from './queries/consents.js';
import { pushEventParams } from './queries/events.js';
import { inboxFromRow } from './queries/inbox.js';
import { versionFromRow, versionParams } from './queries/journey-versions.js';
import { messageFromRow, messageParams } from './queries/messages.js';
import { profileFromRecord } from './queries/profiles.js';
import { runFromRecord, runParams } from './queries/runs.js';
import { TxDocuments, type DocumentCache } from './document-cache.js';
import { SqliteUserDataTx } from './user-data-tx.js';
import { SqliteScheduleTx } from './schedule-tx.js';
import type { WriteStatements } from './sqlite-statements.js';

/** The writer's caches of committed documents (see document-cache.ts). */
export interface CommittedDocuments {
  profiles: DocumentCache<Profile>;
  accounts: DocumentCache<Account>;
  /** Email copies' dictionaries (message-copy-codec.ts). */
  copies: CopyPacker;
}

/**
 * The writes of one SQLite transaction. better-sqlite3 runs a prepared statement in a couple of
 * microseconds without a round trip, so bulk calls are plain loops over one statement: no
 * multi-row SQL to build, and SQLite's page cache makes the per-row cost the insert itself.
 */
export class SqliteTx implements StoreTx {
  private open = true;
  private readonly profiles: TxDocuments<Profile>;
  private readonly accounts: TxDocuments<Account>;

  private readonly copies: CopyPacker;

  constructor(
    private readonly q: WriteStatements,
    private readonly now: () => number,
    committed: CommittedDocuments,
  ) {
    this.copies = committed.copies;
    this.profiles = new TxDocuments(committed.profiles);
    this.accounts = new TxDocuments(committed.accounts);
  }

  end(): void {
    this.open = false;
  }

  /** After the commit: this transaction's documents become the committed ones. */
  publish(): void {
    this.profiles.publish();
    this.accounts.publish();
  }

  // Schedule triggers' writes live in schedule-tx.ts.
  private readonly schedules = new SqliteScheduleTx(() => {
    assertOpen(this.open);
    return this.q.schedules;
  });
  readonly setProfileTimeZones = this.schedules.setProfileTimeZones;
  readonly profilesInTimeZone = this.schedules.profilesInTimeZone;
  readonly addScheduleTimers = this.schedules.addScheduleTimers;
  readonly syncScheduleTimers = this.schedules.syncScheduleTimers;
  readonly putScheduleTimers = this.schedules.putScheduleTimers;
  readonly deleteScheduleTimers = this.schedules.deleteScheduleTimers;
  readonly claimDueScheduleTimers = this.schedules.claimDueScheduleTimers;

  // Data-rights writes (erasure, suppression, retention) live in user-data-tx.ts.
  private readonly userData = new SqliteUserDataTx(
    () => {
      assertOpen(this.open);
      return this.q.userData;
    },
    (id) => {
      this.profiles.write(id, null);
      this.q.state.clearTimer.run(id);
      this.q.state.dropProfileSegments.run(id);
      this.q.schedules.clearZone.run(id);
    },
  );
  readonly profileEvents = this.userData.profileEvents;
  readonly suppressedAddresses = this.userData.suppressedAddresses;
  readonly eraseProfile = this.userData.eraseProfile;
  readonly suppressAddresses = this.userData.suppressAddresses;
  readonly recordErasure = this.userData.recordErasure;
  readonly dropEventsBefore = this.userData.dropEventsBefore;
  readonly profilesWithoutState = this.userData.profilesWithoutState;

  /** Every write transaction holds SQLite's single write lock (BEGIN IMMEDIATE) from start to
   * commit, across processes too, so transactions on the same keys are already serialized. */
  async lockKeys(_keys: string[]): Promise<void> {
    assertOpen(this.open);
  }

  async knownMessageIds(messageIds: string[]): Promise<Set<string>> {
    assertOpen(this.open);
    const known = new Set<string>();
    for (const id of messageIds) if (this.q.events.exists.get(id)) known.add(id);
    return known;
  }

  async insertEvents(events: EventToInsert[]): Promise<(number | null)[]> {
    assertOpen(this.open);
    const seqs = new Array<number | null>(events.length).fill(null);
    // Only the first of each messageId that is not in the log yet is inserted.
    const fresh: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const id = events[i].messageId;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!this.q.events.exists.get(id)) fresh.push(i);
    }
    this.q.events.insert.run(
      fresh.length,
      (start, size) => {
        const params: unknown[] = [];
        for (let k = start; k < start + size; k++) pushEventParams(params, events[fresh[k]]);
        return params;
      },
      (start, size, { lastInsertRowid }) => {
        const first = Number(lastInsertRowid) - size + 1;
        for (let k = 0; k < size; k++) seqs[fresh[start + k]] = first + k;
      },
    );
    return seqs;
  }

  async reassignEvents(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId !== toProfileId) this.q.events.reassign.run(toProfileId, fromProfileId);
  }

  async getAliases(fromIds: string[]): Promise<Map<string, string>> {
    assertOpen(this.open);
    const found = new Map<string, string>();
    for (const id of fromIds) {
      const row = this.q.profiles.getAlias.get(id);
      if (row) found.set(id, row.profileId);
    }
    return found;
  }

  async putAliases(aliases: { fromId: string; profileId: string }[]): Promise<void> {
    assertOpen(this.open);
    const p = this.q.profiles;
    for (const a of aliases) p.putAlias.run(a.fromId, a.profileId);
    // Only after every alias of the batch is in place, so chains within it resolve too.
    for (const a of aliases) {
      p.repointAliases.run({ from: a.fromId, to: a.profileId });
      p.dropSelfAlias.run({ from: a.fromId, to: a.profileId });
    }
  }

  async getProfiles(ids: string[]): Promise<Map<string, Profile>> {
    assertOpen(this.open);
    const found = new Map<string, Profile>();
    const load = (id: string) => {
      const row = this.q.profiles.get.get(id);
      return row && { doc: profileFromRecord(row), weight: row.doc.length };
    };
    for (const id of ids) {
      const profile = this.profiles.read(id, load);
      if (profile) found.set(id, profile);
    }
    return found;
  }

  async putProfiles(profiles: Profile[]): Promise<void> {
    assertOpen(this.open);
    const now = this.now();
    this.q.profiles.upsert.run(profiles.length, (start, size) => {
      const params: unknown[] = [];
      for (let k = start; k < start + size; k++) {
        const r = profileToRow(profiles[k]);
        const doc = storableJson(r.doc);
        params.push(r.id, r.userId, r.email, r.name, r.firstSeen, r.lastSeen, now, doc);
        this.profiles.write(r.id, profiles[k], doc.length);
      }
      return params;
    });
    const facts: ProfileFactsRow[] = [];
    for (const profile of profiles) {
      const row = profileFacts(profile);
      if (row) facts.push(row);
      else this.q.profiles.dropFacts.run(profile.id);
    }
    this.q.profiles.putFacts.run(facts.length, (start, size) => {
      const params: unknown[] = [];
      for (let k = start; k < start + size; k++) pushFactsValues(params, facts[k]);
      return params;
    });
  }

  async deleteProfiles(ids: string[]): Promise<void> {
    assertOpen(this.open);
    for (const id of ids) {
      this.q.profiles.delete.run(id);
      this.profiles.write(id, null);
      this.q.state.clearTimer.run(id);
      this.q.state.dropProfileSegments.run(id);
      this.q.schedules.clearZone.run(id);
    }
  }

  async getAccounts(ids: string[]): Promise<Map<string, Account>> {
    assertOpen(this.open);
    const found = new Map<string, Account>();
    const load = (id: string) => {
      const row = this.q.accounts.get.get(id);
      return row && { doc: accountFromRecord(row), weight: row.doc.length };
    };
    for (const id of ids) {
      const account = this.accounts.read(id, load);
      if (account) found.set(id, account);
    }
    return found;
  }

  keepUnchanged(
    profileIds: Iterable<string>,
    accountIds: Iterable<string>,
    until?: Promise<unknown>,
  ): void {
    assertOpen(this.open);
    for (const id of profileIds) this.profiles.keep(id, until);
    for (const id of accountIds) this.accounts.keep(id, until);
  }

  async putAccounts(accounts: Account[]): Promise<void> {
    assertOpen(this.open);
    const now = this.now();
    for (const account of accounts) {
      const r = accountToRow(account);
      const doc = storableJson(r.doc);
      this.q.accounts.upsert.run(r.id, r.firstSeen, r.lastSeen, now, doc);
      this.accounts.write(r.id, account, doc.length);
    }
  }

  async addMemberships(memberships: Membership[]): Promise<number> {
    assertOpen(this.open);
    let added = 0;
    for (const m of memberships) {
      added += this.q.accounts.addMembership.run(m.accountId, m.profileId, m.joinedAt).changes;
    }
    return added;
  }

  async reassignMemberships(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    this.q.accounts.copyMemberships.run({ from: fromProfileId, to: toProfileId });
    this.q.accounts.deleteMemberships.run(fromProfileId);
  }

  async membersOf(accountIds: string[]): Promise<Membership[]> {
    assertOpen(this.open);
    return [...new Set(accountIds)].sort().flatMap((id) => this.q.accounts.members.all(id));
  }

  async setSetting(key: string, value: string): Promise<void> {
    assertOpen(this.open);
    this.q.settings.set.run(key, value);
  }

  async addDeadLetters(letters: DeadLetter[]): Promise<void> {
    assertOpen(this.open);
    for (const letter of letters) this.q.deadLetters.insert.run(letter);
  }

  async setStateTimers(timers: { profileId: string; dueAt: number | null }[]): Promise<void> {
    assertOpen(this.open);
    for (const { profileId, dueAt } of timers) {
      if (dueAt === null) this.q.state.clearTimer.run(profileId);
      else this.q.state.setTimer.run(profileId, dueAt);
    }
  }

  async claimDueStateTimers(now: number, limit: number): Promise<string[]> {
    assertOpen(this.open);
    return this.q.state.claimDue.all(now, checkLimit(limit)).map((r) => r.profileId);
  }

  async recheckAll(now: number, segments: string[]): Promise<void> {
    assertOpen(this.open);
    this.q.state.dueAll.run(now);
    this.q.state.dropOtherSegments.run(JSON.stringify(segments));
  }

  async updateSegmentMembers(changes: SegmentMemberChange[]): Promise<void> {
    assertOpen(this.open);
    for (const c of changes) {
      if (c.enteredAt === null) this.q.state.leaveSegment.run(c.segment, c.profileId);
      else this.q.state.enterSegment.run(c.segment, c.profileId, c.enteredAt);
    }
  }

  async listeningRuns(profileIds: string[], now: number): Promise<JourneyRun[]> {
    assertOpen(this.open);
    if (profileIds.length === 0) return [];
    return this.q.runs.listening.all(JSON.stringify(profileIds), now).map(runFromRecord);
  }

  async entryHistories(profileIds: string[]): Promise<Map<string, EntryHistoryRecord>> {
    assertOpen(this.open);
    const found = new Map<string, EntryHistoryRecord>();
    if (profileIds.length === 0) return found;
    for (const row of this.q.runs.histories.all(JSON.stringify(profileIds))) {
      const { profileId, journeyId, ...history } = row;
      found.set(entryHistoryKey(profileId, journeyId), history);
    }
    return found;
  }

  async createRuns(runs: JourneyRun[]): Promise<boolean[]> {
    assertOpen(this.open);
    return runs.map((run) => this.q.runs.create.run(runParams(run)).changes === 1);
  }

  async updateRuns(runs: JourneyRun[]): Promise<void> {
    assertOpen(this.open);
    for (const run of runs) this.q.runs.update.run(runParams(run));
  }

  async claimDueRuns(now: number, limit: number): Promise<JourneyRun[]> {
    assertOpen(this.open);
    return this.q.runs.claimDue.all(now, checkLimit(limit)).map(runFromRecord);
  }

  async reassignRuns(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId !== toProfileId) this.q.runs.reassign.run(toProfileId, fromProfileId);
  }

  async getJourneyVersions(keys: JourneyVersionKey[]): Promise<JourneyVersionRecord[]> {
    assertOpen(this.open);
    return keys.flatMap(({ journeyId, version }) => {
      const row = this.q.journeyVersions.get.get(journeyId, version);
      return row ? [versionFromRow(row)] : [];
    });
  }

  async putJourneyVersions(versions: JourneyVersionRecord[]): Promise<void> {
    assertOpen(this.open);
    for (const record of versions) this.q.journeyVersions.put.run(versionParams(record));
  }

  async insertMessages(messages: MessageRecord[]): Promise<boolean[]> {
    assertOpen(this.open);
    return messages.map((m) => this.q.messages.insert.run(messageParams(m)).changes === 1);
  }

  async putMessageCopies(copies: MessageCopy[]): Promise<void> {
    assertOpen(this.open);
    if (copies.length === 0) return;
    const { packed, used } = this.copies.pack(copies);
    const usedAt = Math.max(...copies.map((c) => c.sentAt));
    for (const d of used) this.q.messageCopies.putDictionary.run({ ...d, usedAt });
    copies.forEach((c, i) =>
      this.q.messageCopies.put.run({
        messageId: c.messageId,
        profileId: c.profileId,
        sentAt: c.sentAt,
        ...packed[i],
      }),
    );
  }

  async deleteMessageCopiesBefore(sentBefore: number): Promise<number> {
    assertOpen(this.open);
    const deleted = this.q.messageCopies.deleteBefore.run(sentBefore).changes;
    this.q.messageCopies.deleteDictionariesBefore.run(sentBefore);
    return deleted;
  }

  async updateMessages(messages: MessageRecord[]): Promise<void> {
    assertOpen(this.open);
    for (const m of messages) this.q.messages.update.run(messageParams(m));
  }

  async requeueMessage(id: string, now: number, reason: string): Promise<MessageRecord | null> {
    assertOpen(this.open);
    const row = this.q.messages.requeue.get({ id, now, reason });
    return row ? messageFromRow(row) : null;
  }

  async claimDueMessages(now: number, limit: number): Promise<MessageRecord[]> {
    assertOpen(this.open);
    return this.q.messages.claimDue.all(now, checkLimit(limit)).map(messageFromRow);
  }

  async expiredSends(now: number, limit: number): Promise<MessageRecord[]> {
    assertOpen(this.open);
    return this.q.messages.expired.all(now, checkLimit(limit)).map(messageFromRow);
  }

  async recentSends(profileIds: string[], since: number): Promise<RecentSendRecord[]> {
    assertOpen(this.open);
    return [...new Set(profileIds)].flatMap((id) =>
      this.q.messages.recentSends
        .all(id, since)
        .map((r) => ({ ...r, transactional: r.transactional === 1 })),
    );
  }

  async reassignMessages(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId !== toProfileId) this.q.messages.reassign.run(toProfileId, fromProfileId);
  }

  async getConsents(profileIds: string[]): Promise<Map<string, ConsentRecord>> {
    assertOpen(this.open);
    const found = new Map<string, ConsentRecord>();
    for (const id of profileIds) {
      const row = this.q.consents.get.get(id);
      if (row) found.set(id, consentFromRecord(row));
    }
    return found;
  }

  async putConsents(consents: ConsentRecord[]): Promise<void> {
    assertOpen(this.open);
    for (const c of consents) this.q.consents.put.run(consentParams(c));
  }

  async reassignConsent(fromProfileId: string, toProfileId: string): Promise<void> {
    assertOpen(this.open);
    if (fromProfileId === toProfileId) return;
    const found = await this.getConsents([fromProfileId, toProfileId]);
    const moved = found.get(fromProfileId);
    if (!moved) return;
    await this.putConsents([mergeConsents(moved, found.get(toProfileId) ?? null, toProfileId)]);
    this.q.consents.delete.run(fromProfileId);
  }

  async markInboxMessage(
    profileId: string,
    messageId: string,
    mark: InboxMark,
    now: number,
  ): Promise<InboxMessage | null> {
    assertOpen(this.open);
    const params = {
      profile: profileId,
      id: messageId,
      now,
      dismiss: mark === 'dismissed' ? 1 : 0,
    };
    const row = this.q.inbox.mark.get(params);
    return row ? inboxFromRow(row) : null;
  }
}
