import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Account, Membership, Profile, StoredEvent } from '../../core/types.js';
import type { JourneyRun } from '../../engine/journeys/types.js';
import { journeyStatsFrom, type StepCountRow } from '../journey-stats.js';
import { filterValues, hasFilter } from '../profile-filter.js';
import { SchemaBehindError, pendingMigrations } from '../migration.js';
import { checkLimit, decodeCursor, timeKey, timeKeyAfter, toPage } from '../page-cursor.js';
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
import type { ErasureRecord } from '../user-data-store.js';
import { peerStateOf, type PeerState, type PeerStateRow } from '../peer-states.js';
import { TransactionScope } from '../transaction-scope.js';
import { AsyncMutex } from './async-mutex.js';
import { Checkpointer, type CheckpointPolicy } from './checkpointer.js';
import { DocumentCache } from './document-cache.js';
import { WalSync } from './wal-sync.js';
import { sqliteMigrations } from './migrations/index.js';
import { accountFromRecord } from './queries/accounts.js';
import { consentFromRecord } from './queries/consents.js';
import { eventFromRow } from './queries/events.js';
import { inboxFromRow } from './queries/inbox.js';
import { listMessages, messageFromRow } from './queries/messages.js';
import { profileFromRecord } from './queries/profiles.js';
import { listRuns } from './queries/runs.js';
import { erasureFromRow } from './queries/user-data.js';
import { appliedMigrationIds, runSqliteMigrations } from './sqlite-migrate.js';
import {
  prepareReads,
  prepareWrites,
  type ReadStatements,
  type WriteStatements,
} from './sqlite-statements.js';
import { SqliteTx, type CommittedDocuments } from './sqlite-tx.js';
import { SqliteAnalytics } from './sqlite-analytics.js';
import { SqliteSignals } from './sqlite-signals.js';
import { SqliteTeam } from './sqlite-team.js';
import { dumpSqliteSchema } from './schema-dump.js';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throwaway one. Default `./cairn.db`. */
  file?: string;
  /**
   * FULL (the default): a transaction resolves only once its commit is synced to disk, so an
   * acknowledged event survives a power loss; the sync runs beside the next transaction
   * (wal-sync.ts). NORMAL resolves at once and survives a crash of Cairn, but may lose the last
   * commits if the machine itself goes down. EXTRA and OFF are SQLite's own.
   */
  synchronous?: SqliteSynchronous;
  /** How long a connection waits for another process's lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Time for `updated_at` and the migration ledger. */
  clock?: Clock;
  /** The WAL size past which a checkpoint truncates it (checkpointer.ts). Default 128 MB. */
  walLimitBytes?: number;
  /** SQLite's page cache, per connection (the store has two). Default 32 MB. */
  pageCacheBytes?: number;
  /** The writer's committed documents (document-cache.ts), counted as their stored JSON's
   * length; they take a few times that in memory. Default 24 MB. */
  documentCacheBytes?: number;
  /** When the checkpoint thread runs (tests make it prompt). */
  checkpointPolicy?: Partial<CheckpointPolicy>;
  /** One read-only connection to an existing, migrated file, nothing written and no checkpoints
   * (the analysis worker's: src/http/analyses). */
  readOnly?: boolean;
}

const SYNCHRONOUS: readonly SqliteSynchronous[] = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
/** Committed documents the writer keeps at most, by their stored JSON's length: profiles of one
 * to three kilobytes, so ~10,000 of them; accounts get a quarter of it. */
export const DEFAULT_DOCUMENT_CACHE_BYTES = 24 * 1024 * 1024;
/** SQLite's page cache per connection. */
export const DEFAULT_PAGE_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The embedded store. Two connections to one file: writes go through one connection, one
 * transaction at a time (SQLite allows a single writer anyway); reads use the other, which in
 * WAL mode sees the last committed state and is never blocked by, nor sees the half of, a write
 * transaction that is awaiting between statements.
 */
export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities = {
    dialect: 'sqlite',
    supportsManyProcesses: false,
    supportsSkipLocked: false,
  };

  /** The read side of analytics (src/analytics), on the reader connection. */
  readonly analytics = new SqliteAnalytics(() => this.q.r.analytics);
  /** The reads of the signals (src/signals), on the reader connection. */
  readonly signals = new SqliteSignals(() => this.q.r.signals);
  /** Dashboard sign-in (src/dashboard): reads on the reader, writes under the write lock. */
  readonly team = new SqliteTeam(
    () => this.q.r.team,
    async (fn) => {
      this.scope.assertOutside('a team write');
      const release = await this.mutex.lock();
      try {
        return fn(this.q.w.team);
      } finally {
        release();
      }
    },
  );

  private readonly mutex = new AsyncMutex();
  private readonly scope = new TransactionScope();
  private readonly clock: Clock;
  private statements: { w: WriteStatements; r: ReadStatements } | null = null;
  private closed = false;
  /** Documents as last committed, for the writer; see document-cache.ts. */
  private readonly committed: CommittedDocuments;
  /** `PRAGMA data_version` at the writer's last transaction: it moves when another
   * connection (another process) commits, which makes the cached documents stale. */
  private dataVersion = -1;

  private constructor(
    private readonly writer: Database.Database,
    private readonly reader: Database.Database,
    private readonly disk: { checkpointer: Checkpointer | null; walSync: WalSync | null },
    clock: Clock,
    documentCacheBytes: number,
  ) {
    this.clock = clock;
    this.committed = {
      profiles: new DocumentCache(documentCacheBytes),
      accounts: new DocumentCache(Math.floor(documentCacheBytes / 4)),
      copies: new CopyPacker(),
    };
  }

  static open(options: SqliteStoreOptions = {}): SqliteStore {
    const file = options.file ?? './cairn.db';
    const synchronous = options.synchronous ?? 'FULL';
    if (!SYNCHRONOUS.includes(synchronous)) {
      throw new Error(`synchronous must be one of ${SYNCHRONOUS.join(', ')}, got ${synchronous}`);
    }
    const busyTimeout = options.busyTimeoutMs ?? 5000;
    if (options.readOnly) return SqliteStore.openReadOnly(file, busyTimeout, options);
    const writer = new Database(file, { timeout: busyTimeout });
    // A new database gets 8 KB pages (an existing one keeps the size it was made with): a
    // profile document of 2–3 KB or a deflated email of ~4 KB left most of a 4 KB page empty
    // or spilled onto a second one; with 8 KB pages the example workspace's whole path stores
    // ~15% fewer bytes per received event (docs/benchmarks.md).
    writer.pragma(`page_size = ${PAGE_SIZE}`);
    // FULL on a file: SQLite commits without syncing and WalSync syncs outside the write lock.
    const walSync =
      synchronous === 'FULL' && file !== ':memory:' ? new WalSync(`${file}-wal`) : null;
    const pageCache = options.pageCacheBytes ?? DEFAULT_PAGE_CACHE_BYTES;
    configure(writer, walSync ? 'NORMAL' : synchronous, busyTimeout, pageCache);
    // An in-memory database exists once per connection, so there the writer also reads.
    const reader = file === ':memory:' ? writer : new Database(file, { timeout: busyTimeout });
    if (reader !== writer) {
      configure(reader, synchronous, busyTimeout, pageCache);
      reader.pragma('query_only = ON');
    }
    const checkpointer =
      file === ':memory:'
        ? null
        : new Checkpointer(
            writer,
            { file, busyTimeoutMs: busyTimeout, walLimitBytes: options.walLimitBytes },
            options.checkpointPolicy,
          );
    const store = new SqliteStore(
      writer,
      reader,
      { checkpointer, walSync },
      options.clock ?? systemClock,
      options.documentCacheBytes ?? DEFAULT_DOCUMENT_CACHE_BYTES,
    );
    try {
      // Prepare now when the schema is current; otherwise migrate() prepares after migrating.
      if (pendingMigrations(sqliteMigrations, appliedMigrationIds(writer)).length === 0) {
        store.prepare();
      }
    } catch (error) {
      if (reader !== writer) reader.close();
      writer.close();
      throw error;
    }
    return store;
  }

  private static openReadOnly(
    file: string,
    busyTimeout: number,
    options: SqliteStoreOptions,
  ): SqliteStore {
    const reader = new Database(file, {
      readonly: true,
      fileMustExist: true,
      timeout: busyTimeout,
    });
    try {
      const pending = pendingMigrations(sqliteMigrations, appliedMigrationIds(reader));
      if (pending.length) throw new SchemaBehindError(pending);
      configure(reader, 'NORMAL', busyTimeout, options.pageCacheBytes ?? DEFAULT_PAGE_CACHE_BYTES);
      const store = new SqliteStore(
        reader,
        reader,
        { checkpointer: null, walSync: null },
        options.clock ?? systemClock,
        0,
      );
      store.prepare();
      return store;
    } catch (error) {
      reader.close();
      throw error;
    }
  }

  private prepare(): void {
    this.statements = { w: prepareWrites(this.writer), r: prepareReads(this.reader) };
  }

  private get q(): { w: WriteStatements; r: ReadStatements } {
    if (this.closed) throw new Error('the store is closed');
    if (!this.statements) {
      // Another process may have migrated since this store opened.
      const pending = pendingMigrations(sqliteMigrations, appliedMigrationIds(this.writer));
      if (pending.length) throw new SchemaBehindError(pending);
      this.prepare();
    }
    return this.statements!;
  }

  async migrate(): Promise<number> {
    this.scope.assertOutside('migrate()');
    const release = await this.mutex.lock();
    try {
      const ran = runSqliteMigrations(this.writer, sqliteMigrations, this.clock.now());
      this.dataVersion = -1;
      if (ran > 0 || !this.statements) this.prepare();
      return ran;
    } finally {
      release();
    }
  }

  async appliedMigrations(): Promise<string[]> {
    return appliedMigrationIds(this.reader);
  }

  /** The schema as recorded by SQLite; see `schema.sql`. */
  async dumpSchema(): Promise<string> {
    return dumpSqliteSchema(this.reader);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.scope.assertOutside('close()');
    // Wait for a running transaction to finish rather than cut it off.
    const release = await this.mutex.lock();
    this.closed = true;
    try {
      await this.disk.walSync?.close();
      await this.disk.checkpointer?.stop();
      if (this.reader !== this.writer) this.reader.close();
      this.writer.close();
    } finally {
      release();
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.scope.run(async () => {
      const release = await this.mutex.lock();
      let result: T;
      try {
        // While the WAL is truncated past its limit (checkpointer.ts), writers wait.
        await this.disk.checkpointer?.writable();
        const { w } = this.q;
        this.writer.exec('BEGIN IMMEDIATE');
        this.forgetOthersDocuments();
        const tx = new SqliteTx(w, () => this.clock.now(), this.committed);
        try {
          result = await fn(tx);
          this.writer.exec('COMMIT');
          tx.publish();
          this.disk.checkpointer?.committed();
        } catch (error) {
          if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
          throw error;
        } finally {
          tx.end();
        }
      } finally {
        release();
      }
      // The next transaction may start while this one's commit is synced.
      await this.disk.walSync?.committed();
      return result;
    });
  }

  /** Inside the write lock: drops the cached documents if another connection has committed. */
  private forgetOthersDocuments(): void {
    const version = this.writer.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.committed.profiles.clear();
    this.committed.accounts.clear();
  }

  async getProfile(id: string): Promise<Profile | null> {
    const row = this.q.r.profiles.get.get(id);
    return row ? profileFromRecord(row) : null;
  }

  async resolveProfileId(idOrAlias: string): Promise<string | null> {
    return this.q.r.profiles.resolve.get({ id: idOrAlias })?.id ?? null;
  }

  async searchProfiles(query: ProfileQuery): Promise<Page<Profile>> {
    const limit = checkLimit(query.limit);
    const text = query.query ? query.query : null;
    const patterns = text === null ? null : likePatterns(text);
    const params = {
      query: text,
      prefix: patterns?.prefix ?? null,
      infix: patterns?.infix ?? null,
      limit: limit + 1,
    };
    const { profiles } = this.q.r;
    if (hasFilter(query.filter)) {
      const after = query.after === undefined ? null : decodeCursor(query.after);
      const rows = profiles.filtered.all({ ...params, after, ...filterValues(query.filter) });
      return toPage(rows.map(profileFromRecord), limit, (p) => p.id);
    }
    const rows =
      query.after === undefined
        ? profiles.searchFirst.all(params)
        : profiles.searchAfter.all({ ...params, after: decodeCursor(query.after) });
    return toPage(rows.map(profileFromRecord), limit, (p) => p.id);
  }

  async getAccount(id: string): Promise<Account | null> {
    const row = this.q.r.accounts.get.get(id);
    return row ? accountFromRecord(row) : null;
  }

  async listAccounts(page: PageRequest): Promise<Page<Account>> {
    const limit = checkLimit(page.limit);
    const { accounts } = this.q.r;
    const rows =
      page.after === undefined
        ? accounts.listFirst.all({ limit: limit + 1 })
        : accounts.listAfter.all({ after: decodeCursor(page.after), limit: limit + 1 });
    return toPage(rows.map(accountFromRecord), limit, (a) => a.id);
  }

  async listPeerStates(page: PageRequest): Promise<Page<PeerState>> {
    const limit = checkLimit(page.limit);
    const { peerStates } = this.q.r;
    const rows =
      page.after === undefined
        ? peerStates.first.all({ limit: limit + 1 })
        : peerStates.after.all({ after: decodeCursor(page.after), limit: limit + 1 });
    return toPage(
      rows.map((r) => {
        const [account, v, metrics, badges, milestones] = JSON.parse(r.parts) as unknown[];
        return peerStateOf({ id: r.id, account, v, metrics, badges, milestones } as PeerStateRow);
      }),
      limit,
      (p) => p.id,
    );
  }

  async accountMembers(accountId: string, page: PageRequest): Promise<Page<Membership>> {
    const limit = checkLimit(page.limit);
    const { accounts } = this.q.r;
    const rows =
      page.after === undefined
        ? accounts.membersFirst.all({ account: accountId, limit: limit + 1 })
        : accounts.membersAfter.all({
            account: accountId,
            after: decodeCursor(page.after),
            limit: limit + 1,
          });
    return toPage(rows, limit, (m) => m.profileId);
  }

  async recentEvents(profileId: string, limit: number): Promise<StoredEvent[]> {
    return this.q.r.events.recent.all(profileId, checkLimit(limit)).map(eventFromRow);
  }

  async readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return this.q.r.events.after.all(afterSeq, checkLimit(limit)).map(eventFromRow);
  }

  async countEvents(): Promise<number> {
    return this.q.r.events.count.get()!.n;
  }

  async hasEvent(messageId: string): Promise<boolean> {
    return this.q.r.events.exists.get(messageId) !== undefined;
  }

  async nextStateTimer(): Promise<number | null> {
    return this.q.r.state.nextTimer.get()!.next;
  }

  async segmentCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { segment, n } of this.q.r.state.segmentCounts.all()) counts[segment] = n;
    return counts;
  }

  async segmentMembers(segment: string, page: PageRequest): Promise<Page<SegmentMember>> {
    const limit = checkLimit(page.limit);
    const { state } = this.q.r;
    const rows =
      page.after === undefined
        ? state.membersFirst.all({ segment, limit: limit + 1 })
        : state.membersAfter.all({ segment, after: decodeCursor(page.after), limit: limit + 1 });
    return toPage(rows, limit, (m) => m.profileId);
  }

  async listRuns(filter: RunFilter, page: PageRequest): Promise<Page<JourneyRun>> {
    const limit = checkLimit(page.limit);
    const rows = listRuns(this.q.r.runs, filter, timeKeyAfter(page.after), limit + 1);
    return toPage(rows, limit, (r) => timeKey(r.enteredAt, r.id));
  }

  async journeyStats(): Promise<Record<string, JourneyStats>> {
    const rows = this.q.r.runs.stats.all();
    return journeyStatsFrom(rows.map((r) => ({ ...r, heldOut: r.heldOut === 1 })));
  }

  async journeyStepCounts(): Promise<StepCountRow[]> {
    return this.q.r.runs.stepCounts.all();
  }

  async journeyEntrants(query: JourneyEntrantsQuery): Promise<JourneyEntrant[]> {
    const rows = this.q.r.runs.entrants.all({
      from: query.from,
      to: query.to,
      journey: query.journeyId,
    });
    return rows.map((r) => ({ ...r, heldOut: r.heldOut === 1 }));
  }

  async nextRunWake(): Promise<number | null> {
    return this.q.r.runs.nextWake.get()!.next;
  }

  async nextScheduleTimer(): Promise<number | null> {
    return this.q.r.schedules.nextTimer.get()!.next;
  }

  async scheduleTimers(): Promise<ScheduleTimer[]> {
    return this.q.r.schedules.timers.all();
  }

  async timeZonesInUse(): Promise<string[]> {
    return this.q.r.schedules.zones.all().map((r) => r.zone);
  }

  async listMessages(filter: MessageFilter, page: PageRequest): Promise<Page<MessageRecord>> {
    const limit = checkLimit(page.limit);
    const rows = listMessages(this.q.r.messages, filter, timeKeyAfter(page.after), limit + 1);
    return toPage(rows, limit, (m) => timeKey(m.createdAt, m.id));
  }

  async getMessage(id: string): Promise<MessageRecord | null> {
    const row = this.q.r.messages.get.get(id);
    return row ? messageFromRow(row) : null;
  }

  async getMessageCopy(messageId: string): Promise<MessageCopy | null> {
    const reads = this.q.r.messageCopies;
    const row = reads.get.get(messageId);
    if (!row) return null;
    const html = await this.committed.copies.unpack(
      row.html,
      row.dictionary,
      async (id) => reads.dictionary.get(id)?.body ?? null,
    );
    return { messageId: row.messageId, profileId: row.profileId, sentAt: row.sentAt, html };
  }

  async findMessageByProviderId(providerId: string): Promise<MessageRecord | null> {
    const row = this.q.r.messages.byProvider.get(providerId);
    return row ? messageFromRow(row) : null;
  }

  async nextMessageDue(): Promise<number | null> {
    return this.q.r.messages.nextDue.get()!.next;
  }

  async getConsent(profileId: string): Promise<ConsentRecord | null> {
    const row = this.q.r.consents.get.get(profileId);
    return row ? consentFromRecord(row) : null;
  }

  async listInbox(profileId: string, query: InboxQuery): Promise<Page<InboxMessage>> {
    const limit = checkLimit(query.limit);
    const rows = this.q.r.inbox.list.all({
      profile: profileId,
      dismissed: query.includeDismissed ? 1 : 0,
      ...timeKeyAfter(query.after),
      limit: limit + 1,
    });
    return toPage(rows.map(inboxFromRow), limit, (m) => timeKey(m.sentAt!, m.id));
  }

  async countUnread(profileId: string): Promise<number> {
    return this.q.r.inbox.unread.get({ profile: profileId })!.n;
  }

  async listDeadLetters(page: PageRequest): Promise<Page<DeadLetter>> {
    const limit = checkLimit(page.limit);
    const rows = this.q.r.deadLetters.list.all({ ...timeKeyAfter(page.after), limit: limit + 1 });
    return toPage(rows, limit, (l) => timeKey(l.at, l.id));
  }

  async profileEvents(profileId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { userData } = this.q.r;
    return userData.profileEvents.all(profileId, afterSeq, checkLimit(limit)).map(eventFromRow);
  }

  async suppressedAddresses(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = this.q.r.userData.suppressed.all(JSON.stringify(hashes));
    return new Set(rows.map((r) => r.hash));
  }

  async aliasesOf(profileId: string): Promise<string[]> {
    return this.q.r.userData.aliasesOf.all(profileId).map((r) => r.id);
  }

  async listErasures(page: PageRequest): Promise<Page<ErasureRecord>> {
    const limit = checkLimit(page.limit);
    const after = timeKeyAfter(page.after);
    const rows = this.q.r.userData.erasures.all({ ...after, limit: limit + 1 });
    return toPage(rows.map(erasureFromRow), limit, (e) => timeKey(e.erasedAt, e.id));
  }

  async getSetting(key: string): Promise<string | null> {
    return this.q.r.settings.get.get(key)?.value ?? null;
  }

  async initSetting(key: string, value: string): Promise<string> {
    this.scope.assertOutside('initSetting()');
    // Through the write connection, under the write mutex: otherwise the insert could land
    // inside another caller's open transaction.
    const release = await this.mutex.lock();
    try {
      const { settings } = this.q.w;
      settings.init.run(key, value);
      return settings.get.get(key)!.value;
    } finally {
      release();
    }
  }
}

/** The page size of a database this store creates. */
const PAGE_SIZE = 8192;

function configure(
  db: Database.Database,
  synchronous: SqliteSynchronous,
  busyTimeout: number,
  pageCacheBytes: number,
) {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`busy_timeout = ${busyTimeout}`);
  // The page cache keeps hot profiles and the top of the event indexes in memory; it counts
  // toward the process's memory twice (two connections). Negative: kibibytes.
  db.pragma(`cache_size = -${Math.max(1, Math.round(pageCacheBytes / 1024))}`);
  db.pragma('temp_store = MEMORY');
  // After a burst the WAL is truncated back to this size instead of staying at its peak.
  db.pragma('journal_size_limit = 67108864');
}
