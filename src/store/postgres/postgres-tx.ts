import type pg from 'pg';
import type { Account, Membership, Profile } from '../../core/types.js';
import { accountFromRow, profileFromRow } from '../documents.js';
import { checkLimit } from '../page-cursor.js';
import { lastSegmentChanges, lastTimers } from '../state-changes.js';
import type { EventToInsert, SegmentMemberChange, StoreTx } from '../store.js';
import { assertOpen } from '../transaction-scope.js';
import { bigintArray, textArray } from './array-literal.js';
import { accountColumns, eventColumns, profileColumns } from './bulk-columns.js';
import { queries } from './postgres-queries.js';
import type { ProfileRecord, AccountRecord } from './records.js';

/**
 * The writes of one PostgreSQL transaction, on one pooled connection. Every bulk method is one
 * round trip whatever the batch size: rows travel as one array literal per column
 * (array-literal.ts, bulk-columns.ts), matched with `= ANY` or turned back into rows by
 * `unnest` on the server.
 */
export class PostgresTx implements StoreTx {
  private open = true;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly now: () => number,
    /** Prefix of lock keys, so stores in different schemas of one database never contend. */
    private readonly lockNamespace: string,
  ) {}

  end(): void {
    this.open = false;
  }

  private run<R extends pg.QueryResultRow = pg.QueryResultRow>(
    query: { name: string; text: string },
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    assertOpen(this.open);
    return this.client.query<R>({ name: query.name, text: query.text, values });
  }

  async lockKeys(keys: string[]): Promise<void> {
    assertOpen(this.open);
    if (keys.length === 0) return;
    const sorted = [...new Set(keys)].sort().map((k) => this.lockNamespace + k);
    await this.run(queries.locks.lockKeys, [textArray(sorted)]);
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
    const [ids, userIds, emails, names, firstSeen, lastSeen, docs] = profileColumns(profiles);
    await this.run(queries.profiles.upsert, [
      ids,
      userIds,
      emails,
      names,
      firstSeen,
      lastSeen,
      this.now(),
      docs,
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

  async setSetting(key: string, value: string): Promise<void> {
    await this.run(queries.settings.set, [key, value]);
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
}
