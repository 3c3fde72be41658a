import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Account, Membership, Profile, StoredEvent } from '../../core/types.js';
import type { JourneyRun } from '../../engine/journeys/types.js';
import { consentFromRow } from '../consent-rows.js';
import { accountFromRow, profileFromRow } from '../documents.js';
import { journeyStatsFrom, type RunCountsRow, type StepCountRow } from '../journey-stats.js';
import { filterValues, hasFilter } from '../profile-filter.js';
import { SchemaBehindError, pendingMigrations } from '../migration.js';
import { checkLimit, decodeCursor, timeKey, timeKeyAfter, toPage } from '../page-cursor.js';
import { runFromRow } from '../run-rows.js';
import { unpackPayloads } from '../trigger-rows.js';
import { unpackEvent } from '../event-rows.js';
import { CopyPacker } from '../message-copy-codec.js';
import { likePatterns } from '../search-pattern.js';
import type {
  DeadLetter,
  ConsentRecord,
  InboxMessage,
  InboxQuery,
  JourneyEntrant,
  JourneyEntrantsQuery,
  JourneyStats,
  MessageCopy,
  MessageFilter,
  MessageRecord,
  Page,
  PageRequest,
  ProfileQuery,
  RunFilter,
  ScheduleTimer,
  SegmentMember,
  Store,
  StoreCapabilities,
  StoreTx,
} from '../store.js';
import { peerStateOf, type PeerState, type PeerStateRow } from '../peer-states.js';
import type { ErasedRows, ErasureRecord } from '../user-data-store.js';
import { TransactionScope } from '../transaction-scope.js';
import { textArray } from './array-literal.js';
import { createPool } from './create-pool.js';
import { PostgresAnalytics } from './postgres-analytics.js';
import { PostgresSignals } from './postgres-signals.js';
import { PostgresTeam } from './postgres-team.js';
import { postgresMigrations } from './migrations/index.js';
import type { NamedQuery } from './named-query.js';
import { appliedMigrationIds, runPostgresMigrations } from './postgres-migrate.js';
import { allQueries, queries } from './postgres-queries.js';
import { messageListing } from './queries/messages.js';
import { runListing } from './queries/runs.js';
import { PostgresTx } from './postgres-tx.js';
import type { AccountRecord, ConsentRow, ProfileRecord, RunRecord } from './records.js';
import { MAX_ATTEMPTS, backoffMs, isRetryable } from './retry.js';
import { dumpPostgresSchema } from './schema-dump.js';
import { validateQueries } from './validate-queries.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Keep Cairn's tables in this schema (created by migrate()). Default: the search_path. */
  schema?: string;
  /** Connections at most. Default 10. */
  poolSize?: number;
  /** Time for `updated_at` and the migration ledger. */
  clock?: Clock;
}

/**
 * The PostgreSQL store: a connection pool shared by reads and transactions. Several Cairn
 * processes may use one database; per-user order across them comes from `lockKeys` (advisory
 * locks), and lost races (deadlocks, serialization failures, a key asked for late and taken)
 * rerun the transaction.
 */
export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities = {
    dialect: 'postgres',
    supportsManyProcesses: true,
    supportsSkipLocked: true,
  };

  /** The read side of analytics (src/analytics), on the shared pool. */
  readonly analytics = new PostgresAnalytics((query, values) => this.run(query, values));
  /** The reads of the signals (src/signals), on the shared pool. */
  readonly signals = new PostgresSignals((query, values) => this.run(query, values));
  /** Dashboard sign-in (src/dashboard), on the shared pool. */
  readonly team = new PostgresTeam((query, values) => this.run(query, values));

  private readonly scope = new TransactionScope();
  private readonly lockNamespace: string;
  /** Email copies' dictionaries (message-copy-codec.ts). */
  private readonly copies = new CopyPacker();
  private validated = false;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string | undefined,
    private readonly clock: Clock,
  ) {
    this.lockNamespace = schema ? `${schema}:` : '';
  }

  /** Connects, and when the schema is current, checks every query (see validateQueries). */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = createPool(options);
    const store = new PostgresStore(pool, options.schema, options.clock ?? systemClock);
    try {
      await store.withClient(async (client) => {
        const pending = pendingMigrations(postgresMigrations, await appliedMigrationIds(client));
        if (pending.length === 0) await store.validate(client);
      });
    } catch (error) {
      await pool.end();
      throw connectError(options.connectionString, error);
    }
    return store;
  }

  private async validate(client: pg.ClientBase): Promise<void> {
    await validateQueries(client, allQueries());
    this.validated = true;
  }

  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  /**
   * Queries only run once they have been validated against a current schema. A store opened
   * before another process finished migrating validates as soon as the schema is current.
   */
  private async ready(): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    if (this.validated) return;
    await this.withClient(async (client) => {
      const pending = pendingMigrations(postgresMigrations, await appliedMigrationIds(client));
      if (pending.length) throw new SchemaBehindError(pending);
      await this.validate(client);
    });
  }

  private async run<R extends pg.QueryResultRow>(query: NamedQuery, values: unknown[]) {
    if (this.closed || !this.validated) await this.ready();
    return this.pool.query<R>({ name: query.name, text: query.text, values });
  }

  async migrate(): Promise<number> {
    this.scope.assertOutside('migrate()');
    return this.withClient(async (client) => {
      const ran = await runPostgresMigrations(
        client,
        postgresMigrations,
        this.schema,
        this.clock.now(),
      );
      if (ran > 0 || !this.validated) await this.validate(client);
      return ran;
    });
  }

  async appliedMigrations(): Promise<string[]> {
    return this.withClient(appliedMigrationIds);
  }

  /** The schema as the catalog describes it; see `schema.sql`. */
  async dumpSchema(): Promise<string> {
    return this.withClient(dumpPostgresSchema);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.scope.run(async () => {
      // Keys an attempt asked for late and found taken: the next attempt locks them first.
      const lateKeys = new Set<string>();
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.attempt(fn, lateKeys);
        if (outcome.ok) return outcome.value;
        if (!isRetryable(outcome.error) || attempt >= MAX_ATTEMPTS) throw outcome.error;
        await sleep(backoffMs(attempt));
      }
    });
  }

  private async attempt<T>(
    fn: (tx: StoreTx) => Promise<T>,
    lateKeys: Set<string>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    await this.ready();
    const client = await this.pool.connect();
    const tx = new PostgresTx(
      client,
      () => this.clock.now(),
      this.lockNamespace,
      this.copies,
      lateKeys,
    );
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const value = await fn(tx);
      await client.query('COMMIT');
      return { ok: true, value };
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      return { ok: false, error };
    } finally {
      tx.end();
      client.release(broken);
    }
  }

  async getProfile(id: string): Promise<Profile | null> {
    const { rows } = await this.run<ProfileRecord>(queries.profiles.get, [textArray([id])]);
    return rows.length ? profileOf(rows[0]) : null;
  }

  async resolveProfileId(idOrAlias: string): Promise<string | null> {
    const { rows } = await this.run<{ id: string | null }>(queries.profiles.resolve, [idOrAlias]);
    return rows[0].id;
  }

  async searchProfiles(query: ProfileQuery): Promise<Page<Profile>> {
    const limit = checkLimit(query.limit);
    const patterns = query.query ? likePatterns(query.query) : null;
    const values = [patterns?.prefix ?? null, patterns?.infix ?? null, limit + 1];
    if (hasFilter(query.filter)) {
      const after = query.after === undefined ? null : decodeCursor(query.after);
      const { rows } = await this.run<ProfileRecord>(queries.profiles.filtered, [
        ...values,
        after,
        ...Object.values(filterValues(query.filter)),
      ]);
      return toPage(rows.map(profileOf), limit, (p) => p.id);
    }
    const { rows } =
      query.after === undefined
        ? await this.run<ProfileRecord>(queries.profiles.searchFirst, values)
        : await this.run<ProfileRecord>(queries.profiles.searchAfter, [
            ...values,
            decodeCursor(query.after),
          ]);
    return toPage(rows.map(profileOf), limit, (p) => p.id);
  }

  async getAccount(id: string): Promise<Account | null> {
    const { rows } = await this.run<AccountRecord>(queries.accounts.get, [textArray([id])]);
    const r = rows[0];
    return r ? accountFromRow(r.id, r.firstSeen, r.lastSeen, r.doc) : null;
  }

  async listPeerStates(page: PageRequest): Promise<Page<PeerState>> {
    const limit = checkLimit(page.limit);
    const { rows } =
      page.after === undefined
        ? await this.run<PeerStateRow>(queries.peerStates.first, [limit + 1])
        : await this.run<PeerStateRow>(queries.peerStates.after, [
            limit + 1,
            decodeCursor(page.after),
          ]);
    return toPage(rows.map(peerStateOf), limit, (p) => p.id);
  }

  async listAccounts(page: PageRequest): Promise<Page<Account>> {
    const limit = checkLimit(page.limit);
    const { rows } =
      page.after === undefined
        ? await this.run<AccountRecord>(queries.accounts.listFirst, [limit + 1])
        : await this.run<AccountRecord>(queries.accounts.listAfter, [
            limit + 1,
            decodeCursor(page.after),
          ]);
    return toPage(
      rows.map((r) => accountFromRow(r.id, r.firstSeen, r.lastSeen, r.doc)),
      limit,
      (a) => a.id,
    );
  }

  async accountMembers(accountId: string, page: PageRequest): Promise<Page<Membership>> {
    const limit = checkLimit(page.limit);
    const { rows } =
      page.after === undefined
        ? await this.run<Membership>(queries.accounts.membersFirst, [accountId, limit + 1])
        : await this.run<Membership>(queries.accounts.membersAfter, [
            accountId,
            limit + 1,
            decodeCursor(page.after),
          ]);
    return toPage(rows, limit, (m) => m.profileId);
  }

  async recentEvents(profileId: string, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.run<StoredEvent>(queries.events.recent, [
      profileId,
      checkLimit(limit),
    ]);
    return rows.map(unpackEvent);
  }

  async readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.run<StoredEvent>(queries.events.after, [
      afterSeq,
      checkLimit(limit),
    ]);
    return rows.map(unpackEvent);
  }

  async countEvents(): Promise<number> {
    const { rows } = await this.run<{ n: number }>(queries.events.count, []);
    return rows[0].n;
  }

  async hasEvent(messageId: string): Promise<boolean> {
    const { rows } = await this.run(queries.events.exists, [messageId]);
    return rows.length > 0;
  }

  async nextStateTimer(): Promise<number | null> {
    const { rows } = await this.run<{ next: number | null }>(queries.state.nextTimer, []);
    return rows[0].next;
  }

  async segmentCounts(): Promise<Record<string, number>> {
    const { rows } = await this.run<{ segment: string; n: number }>(
      queries.state.segmentCounts,
      [],
    );
    const counts: Record<string, number> = {};
    for (const { segment, n } of rows) counts[segment] = n;
    return counts;
  }

  async segmentMembers(segment: string, page: PageRequest): Promise<Page<SegmentMember>> {
    const limit = checkLimit(page.limit);
    const { rows } =
      page.after === undefined
        ? await this.run<SegmentMember>(queries.state.membersFirst, [segment, limit + 1])
        : await this.run<SegmentMember>(queries.state.membersAfter, [
            segment,
            limit + 1,
            decodeCursor(page.after),
          ]);
    return toPage(rows, limit, (m) => m.profileId);
  }

  async listRuns(filter: RunFilter, page: PageRequest): Promise<Page<JourneyRun>> {
    const limit = checkLimit(page.limit);
    const [query, values] = runListing(filter, timeKeyAfter(page.after), limit + 1);
    const { rows } = await this.run<RunRecord>(query, values);
    const items = rows.map(({ doc, ...columns }) => runFromRow(columns, doc));
    return toPage(items, limit, (r) => timeKey(r.enteredAt, r.id));
  }

  async journeyStats(): Promise<Record<string, JourneyStats>> {
    const { rows } = await this.run<RunCountsRow>(queries.runs.stats, []);
    return journeyStatsFrom(rows);
  }

  async journeyStepCounts(): Promise<StepCountRow[]> {
    return (await this.run<StepCountRow>(queries.runs.stepCounts, [])).rows;
  }

  async journeyEntrants(query: JourneyEntrantsQuery): Promise<JourneyEntrant[]> {
    const { rows } = await this.run<JourneyEntrant>(queries.runs.entrants, [
      query.from,
      query.to,
      query.journeyId,
    ]);
    return rows;
  }

  async nextRunWake(): Promise<number | null> {
    const { rows } = await this.run<{ next: number | null }>(queries.runs.nextWake, []);
    return rows[0].next;
  }

  async nextScheduleTimer(): Promise<number | null> {
    const { rows } = await this.run<{ next: number | null }>(queries.schedules.nextTimer, []);
    return rows[0].next;
  }

  async scheduleTimers(): Promise<ScheduleTimer[]> {
    return (await this.run<ScheduleTimer>(queries.schedules.timers, [])).rows;
  }

  async timeZonesInUse(): Promise<string[]> {
    const { rows } = await this.run<{ zone: string }>(queries.schedules.zones, []);
    return rows.map((r) => r.zone);
  }

  async listMessages(filter: MessageFilter, page: PageRequest): Promise<Page<MessageRecord>> {
    const limit = checkLimit(page.limit);
    const [query, values] = messageListing(filter, timeKeyAfter(page.after), limit + 1);
    const { rows } = await this.run<MessageRecord>(query, values);
    return toPage(unpackPayloads(rows), limit, (m) => timeKey(m.createdAt, m.id));
  }

  async getMessage(id: string): Promise<MessageRecord | null> {
    const { rows } = await this.run<MessageRecord>(queries.messages.get, [id]);
    return unpackPayloads(rows)[0] ?? null;
  }

  async getMessageCopy(messageId: string): Promise<MessageCopy | null> {
    const { rows } = await this.run<MessageCopy & { html: Buffer; dictionary: string | null }>(
      queries.messageCopies.get,
      [messageId],
    );
    const row = rows[0];
    if (!row) return null;
    const html = await this.copies.unpack(row.html, row.dictionary, async (id) => {
      const found = await this.run<{ body: Buffer }>(queries.messageCopies.dictionary, [id]);
      return found.rows[0]?.body ?? null;
    });
    return { messageId: row.messageId, profileId: row.profileId, sentAt: row.sentAt, html };
  }

  async findMessageByProviderId(providerId: string): Promise<MessageRecord | null> {
    const { rows } = await this.run<MessageRecord>(queries.messages.byProvider, [providerId]);
    return unpackPayloads(rows)[0] ?? null;
  }

  async nextMessageDue(): Promise<number | null> {
    const { rows } = await this.run<{ next: number | null }>(queries.messages.nextDue, []);
    return rows[0].next;
  }

  async getConsent(profileId: string): Promise<ConsentRecord | null> {
    const { rows } = await this.run<ConsentRow>(queries.consents.get, [textArray([profileId])]);
    const r = rows[0];
    return r ? consentFromRow(r.profileId, r.unsubscribedAll, r.updatedAt, r.doc) : null;
  }

  async listInbox(profileId: string, query: InboxQuery): Promise<Page<InboxMessage>> {
    const limit = checkLimit(query.limit);
    const after = timeKeyAfter(query.after);
    const { rows } = await this.run<InboxMessage>(queries.inbox.list, [
      profileId,
      query.includeDismissed === true,
      after.at,
      after.id,
      limit + 1,
    ]);
    return toPage(unpackPayloads(rows), limit, (m) => timeKey(m.sentAt!, m.id));
  }

  async countUnread(profileId: string): Promise<number> {
    const { rows } = await this.run<{ n: number }>(queries.inbox.unread, [profileId]);
    return rows[0].n;
  }

  async listDeadLetters(page: PageRequest): Promise<Page<DeadLetter>> {
    const limit = checkLimit(page.limit);
    const after = timeKeyAfter(page.after);
    const { rows } = await this.run<DeadLetter>(queries.deadLetters.list, [
      after.at,
      after.id,
      limit + 1,
    ]);
    return toPage(rows, limit, (l) => timeKey(l.at, l.id));
  }

  async profileEvents(profileId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.run<StoredEvent>(queries.userData.profileEvents, [
      profileId,
      afterSeq,
      checkLimit(limit),
    ]);
    return rows.map(unpackEvent);
  }

  async suppressedAddresses(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const { rows } = await this.run<{ hash: string }>(queries.userData.suppressed, [
      textArray(hashes),
    ]);
    return new Set(rows.map((r) => r.hash));
  }

  async aliasesOf(profileId: string): Promise<string[]> {
    const { rows } = await this.run<{ id: string }>(queries.userData.aliasesOf, [profileId]);
    return rows.map((r) => r.id);
  }

  async listErasures(page: PageRequest): Promise<Page<ErasureRecord>> {
    const limit = checkLimit(page.limit);
    const after = timeKeyAfter(page.after);
    const { rows } = await this.run<ErasureRow>(queries.userData.erasures, [
      after.at,
      after.id,
      limit + 1,
    ]);
    const items = rows.map(({ doc, ...rest }): ErasureRecord => ({ ...rest, ...doc }));
    return toPage(items, limit, (e) => timeKey(e.erasedAt, e.id));
  }

  async getSetting(key: string): Promise<string | null> {
    const { rows } = await this.run<{ value: string }>(queries.settings.get, [key]);
    return rows[0]?.value ?? null;
  }

  async initSetting(key: string, value: string): Promise<string> {
    // Two statements on purpose: when a concurrent caller inserts first, our INSERT waits for
    // its commit and then does nothing, and a SELECT in that same statement would still use the
    // snapshot from before that commit and find no row. A new statement sees the winner's value.
    const inserted = await this.run<{ value: string }>(queries.settings.init, [key, value]);
    if (inserted.rows.length) return inserted.rows[0].value;
    const stored = await this.getSetting(key);
    if (stored === null) throw new Error(`setting ${key} vanished while it was initialised`);
    return stored;
  }
}

function profileOf(r: ProfileRecord): Profile {
  return profileFromRow(r.id, r.userId, r.firstSeen, r.lastSeen, r.doc);
}

function connectError(connectionString: string, error: unknown): Error {
  const where = redact(connectionString);
  return new Error(`cannot open the PostgreSQL store at ${where}: ${(error as Error).message}`, {
    cause: error,
  });
}

/** The URL without its password, for error messages and logs. */
export function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

interface ErasureRow {
  id: string;
  erasedAt: number;
  subjectHash: string;
  actor: string;
  doc: { rows: ErasedRows };
}
