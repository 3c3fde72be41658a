import type { Account, IncomingEvent, Membership, Profile, StoredEvent } from '../core/types.js';

/**
 * The store port: everything Cairn persists goes through this interface, and nothing else in
 * Cairn writes SQL. Two adapters implement it (`sqlite/`, `postgres/`) and pass one contract
 * suite (`test/store/store.contract.test.ts`). See ARCHITECTURE.md in this folder.
 */
export interface Store {
  readonly capabilities: StoreCapabilities;

  /** Applies the pending migrations; returns how many ran. */
  migrate(): Promise<number>;
  /** Ids of the applied migrations, oldest first. */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;

  /**
   * Runs `fn` in one write transaction: all of it commits, or none of it does. On PostgreSQL a
   * deadlock or serialization failure retries the whole function, so `fn` must not perform
   * effects outside the transaction.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;

  getProfile(id: string): Promise<Profile | null>;
  /** Follows aliases: an anonymousId or previous userId finds the profile it was merged into. */
  resolveProfileId(idOrAlias: string): Promise<string | null>;
  /** Throws InvalidCursorError (page-cursor.ts, HTTP 400) for a cursor it did not issue. */
  searchProfiles(query: ProfileQuery): Promise<Page<Profile>>;
  getAccount(id: string): Promise<Account | null>;
  accountMembers(accountId: string, page: PageRequest): Promise<Page<Membership>>;
  /** A profile's latest events, newest first. */
  recentEvents(profileId: string, limit: number): Promise<StoredEvent[]>;
  /** Events in log order, for analytics, export and tests. */
  readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  countEvents(): Promise<number>;
  hasEvent(messageId: string): Promise<boolean>;

  /** The earliest state timer, due or not (null: none), so the sweeper knows how long to sleep. */
  nextStateTimer(): Promise<number | null>;
  /** How many profiles are in each segment (segments with no member are absent). */
  segmentCounts(): Promise<Record<string, number>>;
  /** A segment's members, by profile id. */
  segmentMembers(segment: string, page: PageRequest): Promise<Page<SegmentMember>>;

  getSetting(key: string): Promise<string | null>;
  /** Sets the value only if the key has none yet; returns the value that is stored. */
  initSetting(key: string, value: string): Promise<string>;
}

export interface StoreCapabilities {
  dialect: 'sqlite' | 'postgres';
  /** Several Cairn processes may share this database. */
  supportsManyProcesses: boolean;
  /** Work can be claimed with `FOR UPDATE SKIP LOCKED`. */
  supportsSkipLocked: boolean;
}

/** The writes of one transaction. Bulk by design: ingest applies a whole group commit at once. */
export interface StoreTx {
  /**
   * Serializes work on these keys (profile or account ids) across processes until the
   * transaction ends. Writers that touch the same user call this first, with every key they
   * will read and write, so one user's events are never applied concurrently.
   */
  lockKeys(keys: string[]): Promise<void>;
  /** Which of these messageIds are already in the log. */
  knownMessageIds(messageIds: string[]): Promise<Set<string>>;
  /**
   * Appends events in the given order; an event whose messageId is already stored is skipped.
   * Returns, per input event, its new seq or null when it was a duplicate.
   */
  insertEvents(events: EventToInsert[]): Promise<(number | null)[]>;
  /** Moves a profile's events to another profile (identity merge). */
  reassignEvents(fromProfileId: string, toProfileId: string): Promise<void>;

  getAliases(fromIds: string[]): Promise<Map<string, string>>;
  /**
   * Records aliases (a later one for the same fromId replaces it). Aliases that pointed at a
   * fromId follow it to its new profile, so resolving an id is always one hop.
   */
  putAliases(aliases: { fromId: string; profileId: string }[]): Promise<void>;

  getProfiles(ids: string[]): Promise<Map<string, Profile>>;
  /** Upserts whole profiles; of two with one id in a call, the later wins. */
  putProfiles(profiles: Profile[]): Promise<void>;
  /**
   * Deletes profiles with their state timers and segment memberships; their events and account
   * memberships stay (a merge moves them first).
   */
  deleteProfiles(ids: string[]): Promise<void>;

  getAccounts(ids: string[]): Promise<Map<string, Account>>;
  putAccounts(accounts: Account[]): Promise<void>;
  /** Adds memberships; one that exists already is left as it is. Returns how many were new. */
  addMemberships(memberships: Membership[]): Promise<number>;
  /** Moves a profile's memberships to another profile (identity merge). */
  reassignMemberships(fromProfileId: string, toProfileId: string): Promise<void>;

  setSetting(key: string, value: string): Promise<void>;

  /**
   * Sets when each profile's state must next be re-checked, or clears it (`dueAt` null). One
   * timer per profile: setting it again replaces it.
   */
  setStateTimers(timers: { profileId: string; dueAt: number | null }[]): Promise<void>;
  /**
   * Up to `limit` profile ids whose state timer is due at `now`, earliest first. On PostgreSQL
   * the timer rows are locked until the transaction ends and rows another transaction holds
   * are skipped (`FOR UPDATE SKIP LOCKED`), so several sweepers share the work. The caller
   * sets each claimed profile's timer again (or clears it) before committing.
   */
  claimDueStateTimers(now: number, limit: number): Promise<string[]>;
  /** Records segment entries (`enteredAt` set) and exits (`enteredAt` null), in order. */
  updateSegmentMembers(changes: SegmentMemberChange[]): Promise<void>;
}

export interface SegmentMemberChange {
  segment: string;
  profileId: string;
  /** When the profile entered; null when it left. */
  enteredAt: number | null;
}

export interface SegmentMember {
  profileId: string;
  enteredAt: number;
}

export interface EventToInsert extends IncomingEvent {
  profileId: string;
}

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null on the last one. */
  next: string | null;
}

export interface ProfileQuery extends PageRequest {
  /** Matches the start of the profile id, userId or email, or any part of the name. */
  query?: string;
}
