import type {
  Account,
  IncomingEvent,
  JsonObject,
  Membership,
  Profile,
  StoredEvent,
} from '../core/types.js';
import type { JourneyRun } from '../engine/journeys/types.js';
import type { DeadLetterReads, DeadLetterWrites } from './dead-letters.js';
import type { AnalyticsStore } from './analytics-store.js';
import type { StepCountRow } from './journey-stats.js';
import type { PeerState } from './peer-states.js';
import type { ProfileFilter } from './profile-filter.js';
import type { SignalsStore } from './signals-store.js';
import type { TeamStore } from './team-store.js';
import type { ScheduleReads, ScheduleWrites } from './schedule-store.js';
import type { UserDataReads, UserDataWrites } from './user-data-store.js';

export type * from './dead-letters.js';
export type * from './schedule-store.js';
export type * from './analytics-store.js';
export type * from './signals-store.js';
export type * from './team-store.js';
export type { StepCountRow } from './journey-stats.js';
export type { ProfileFilter } from './profile-filter.js';
export type * from './user-data-store.js';

/**
 * The store port: everything Cairn persists goes through this interface, and nothing else in
 * Cairn writes SQL. Two adapters implement it (`sqlite/`, `postgres/`) and pass one contract
 * suite (`test/store/store.contract.test.ts`). See ARCHITECTURE.md in this folder.
 */
export interface Store extends ScheduleReads, UserDataReads, DeadLetterReads {
  readonly capabilities: StoreCapabilities;
  /** The read side of analytics (src/analytics): compact rows, read only. */
  readonly analytics: AnalyticsStore;
  /** The reads of the signals (src/signals): the 48-hour signal, the audit, churn risk. */
  readonly signals: SignalsStore;
  /** Dashboard sign-in: team members, sessions, audit log (src/dashboard). */
  readonly team: TeamStore;

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
  /** Every account, by id (peer comparisons read them all). */
  listAccounts(page: PageRequest): Promise<Page<Account>>;
  /**
   * Every identified user (a user id set), by id, reduced to what peer comparisons read:
   * peer-states.ts. The same users, in the same order, as `searchProfiles` with no query.
   */
  listPeerStates(page: PageRequest): Promise<Page<PeerState>>;
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

  /** Runs, newest entry first, filtered by user and/or journey. */
  listRuns(filter: RunFilter, page: PageRequest): Promise<Page<JourneyRun>>;
  /** Per journey: runs by status, split into treated and held-out runs (for lift). */
  journeyStats(): Promise<Record<string, JourneyStats>>;
  /** Per journey and step: runs that reached it and active runs at it now (journey-stats.ts). */
  journeyStepCounts(): Promise<StepCountRow[]>;
  /**
   * Per journey and user, the user's first run entered in [from, to): who was treated or held
   * out, whether and when the run converted, and when its goal window closes (for lift: one user
   * counts once, whatever their entry policy).
   */
  journeyEntrants(query: JourneyEntrantsQuery): Promise<JourneyEntrant[]>;
  /** The earliest run wake-up time, due or not (null: none). */
  nextRunWake(): Promise<number | null>;

  /** The delivery log, newest first. */
  listMessages(filter: MessageFilter, page: PageRequest): Promise<Page<MessageRecord>>;
  getMessage(id: string): Promise<MessageRecord | null>;
  /** The copy of an email as it was sent (for "view in browser"); null once dropped. */
  getMessageCopy(messageId: string): Promise<MessageCopy | null>;
  /**
   * The message a provider id names (an email's Message-ID, `<local@domain>`), the newest if
   * several do; null when none does. Bounces and complaints lead back to their message by it.
   */
  findMessageByProviderId(providerId: string): Promise<MessageRecord | null>;
  /** The earliest time a queued, deferred or retrying message is due (null: none). */
  nextMessageDue(): Promise<number | null>;
  getConsent(profileId: string): Promise<ConsentRecord | null>;

  /**
   * A user's in-app inbox: their delivered (`sent`) in-app messages, newest delivery first;
   * dismissed ones only when asked for. The inbox is the delivery log itself, plus when the
   * user read and dismissed each message.
   */
  listInbox(profileId: string, query: InboxQuery): Promise<Page<InboxMessage>>;
  /** How many of a user's delivered in-app messages are neither read nor dismissed. */
  countUnread(profileId: string): Promise<number>;

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
export interface StoreTx extends ScheduleWrites, UserDataWrites, DeadLetterWrites {
  /**
   * Serializes work on these keys (profile or account ids) across processes until the
   * transaction ends. Writers that touch the same user call this first, with every key they
   * will read and write, so one user's events are never applied concurrently. A later call (keys
   * found only by reading) may make the store rerun the whole transaction rather than wait.
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
   * Deletes profiles with their state timers and segment memberships; their events, account
   * memberships, journey runs, messages and consent stay (a merge moves them first).
   */
  deleteProfiles(ids: string[]): Promise<void>;

  getAccounts(ids: string[]): Promise<Map<string, Account>>;
  putAccounts(accounts: Account[]): Promise<void>;
  /**
   * Profiles and accounts this transaction read and leaves exactly as it read them, and does not
   * use once it has ended — or, with `until`, only reads after the commit until that settles
   * (delivery renders its recipients' messages): a store that keeps committed documents in
   * memory may keep these too, so the next transaction neither reads nor parses them again.
   * Changes nothing stored; one written in this transaction is kept as written.
   */
  keepUnchanged(
    profileIds: Iterable<string>,
    accountIds: Iterable<string>,
    until?: Promise<unknown>,
  ): void;
  /** Adds memberships; one that exists already is left as it is. Returns how many were new. */
  addMemberships(memberships: Membership[]): Promise<number>;
  /** Moves a profile's memberships to another profile (identity merge). */
  reassignMemberships(fromProfileId: string, toProfileId: string): Promise<void>;
  /**
   * Every membership of these accounts, by account and profile id, as this transaction sees
   * them (account triggers hand an account's occurrence to its members in the same transaction).
   */
  membersOf(accountIds: string[]): Promise<Membership[]>;

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
  /**
   * After the definitions changed: every profile's state check falls due at `now` (an earlier
   * timer stays), and memberships of segments that no longer exist are removed.
   */
  recheckAll(now: number, segments: string[]): Promise<void>;

  /**
   * The runs of these profiles that still listen at `now`: active runs, and ended runs whose
   * goal window (`goalDeadline`) is still open.
   */
  listeningRuns(profileIds: string[], now: number): Promise<JourneyRun[]>;
  /** Per profile and journey (key `entryHistoryKey(profileId, journeyId)`): runs ever entered,
   * the last entry time and how many are active. Pairs with no run are absent. */
  entryHistories(profileIds: string[]): Promise<Map<string, EntryHistoryRecord>>;
  /** Inserts new runs; a run whose id exists is left as it is (a replayed trigger). Returns,
   * per run, whether it was inserted. */
  createRuns(runs: JourneyRun[]): Promise<boolean[]>;
  /** Replaces existing runs (by id). */
  updateRuns(runs: JourneyRun[]): Promise<void>;
  /**
   * Up to `limit` runs whose `wakeAt` is due at `now`, earliest first; on PostgreSQL locked until
   * the transaction ends, skipping rows another transaction holds (`FOR UPDATE SKIP LOCKED`).
   */
  claimDueRuns(now: number, limit: number): Promise<JourneyRun[]>;
  /**
   * Moves a profile's runs to another profile (identity merge): the visitor's journeys go on as
   * the identified user's. Run ids do not change (they are opaque once made).
   */
  reassignRuns(fromProfileId: string, toProfileId: string): Promise<void>;
  /** The stored definitions of these journey versions (those not stored are absent). */
  getJourneyVersions(keys: JourneyVersionKey[]): Promise<JourneyVersionRecord[]>;
  /**
   * Stores journey versions. A version is a hash of its definition, so one already stored is
   * left as it is.
   */
  putJourneyVersions(versions: JourneyVersionRecord[]): Promise<void>;

  /**
   * Adds messages to the delivery log. The id is the effect's idempotency key, backed by the
   * primary key: a message whose id exists is left as it is. Returns, per message, whether it
   * was inserted — so a retry or a replay never queues a message twice.
   */
  insertMessages(messages: MessageRecord[]): Promise<boolean[]>;
  /** Replaces existing messages (by id). */
  updateMessages(messages: MessageRecord[]): Promise<void>;
  /** Keeps copies of emails as sent; a second copy of one message replaces the first. */
  putMessageCopies(copies: MessageCopy[]): Promise<void>;
  /** Drops the copies of emails sent before `sentBefore`; returns how many. */
  deleteMessageCopiesBefore(sentBefore: number): Promise<number>;
  /**
   * Puts a message that delivery gave up on (`dead`: retries exhausted; `failed`: refused for
   * good) back in the queue, due at `now`, its attempts counted from zero again and `reason`
   * saying why. Returns it as it is now, or null when no message has this id in one of those
   * states (a message that was sent, or is still on its way, is never queued again).
   */
  requeueMessage(id: string, now: number, reason: string): Promise<MessageRecord | null>;
  /**
   * Up to `limit` messages in state `queued`, `deferred` or `retrying` whose `dueAt` is due at
   * `now`, earliest first; locked like claimDueRuns.
   */
  claimDueMessages(now: number, limit: number): Promise<MessageRecord[]>;
  /**
   * Up to `limit` messages left in state `sending` whose lease ended before `now` (a crash
   * mid-send), earliest lease first; locked like claimDueRuns, so two reapers never both take
   * one.
   */
  expiredSends(now: number, limit: number): Promise<MessageRecord[]>;
  /** Messages delivered (`sent`) to these profiles at or after `since`, for frequency caps. */
  recentSends(profileIds: string[], since: number): Promise<RecentSendRecord[]>;
  /**
   * Moves a profile's messages to another profile (identity merge), so the delivery log and the
   * frequency caps of the identified user count what the visitor was already sent.
   */
  reassignMessages(fromProfileId: string, toProfileId: string): Promise<void>;
  getConsents(profileIds: string[]): Promise<Map<string, ConsentRecord>>;
  /** Upserts whole records; of two for one profile in a call, the later wins. */
  putConsents(consents: ConsentRecord[]): Promise<void>;
  /**
   * Merges a profile's consent into another profile's (identity merge) and deletes it. Every
   * restriction of either survives (unsubscribes, suppressed channels); an opt-in survives
   * unless either record unsubscribed from that topic. A missing record restricts nothing.
   */
  reassignConsent(fromProfileId: string, toProfileId: string): Promise<void>;

  /**
   * Marks one of a user's delivered in-app messages read, or dismissed (which also marks it
   * read). The first time of each is kept, so marking again changes nothing. Returns the
   * message, or null when that user has no delivered in-app message with this id.
   */
  markInboxMessage(
    profileId: string,
    messageId: string,
    mark: InboxMark,
    now: number,
  ): Promise<InboxMessage | null>;
}

export interface RunFilter {
  profileId?: string;
  journeyId?: string;
}

/** The key of `entryHistories`: `${profileId}\u0000${journeyId}` (ids never contain NUL). */
export function entryHistoryKey(profileId: string, journeyId: string): string {
  return `${profileId}\u0000${journeyId}`;
}

export interface JourneyVersionKey {
  journeyId: string;
  version: string;
}

/** One version of a journey's definition, kept so runs finish on the version they started on. */
export interface JourneyVersionRecord extends JourneyVersionKey {
  /** The parsed journey definition, as plain JSON. */
  definition: JsonObject;
  /** When this version was first stored. */
  createdAt: number;
}

export interface EntryHistoryRecord {
  entered: number;
  lastEnteredAt: number | null;
  active: number;
}

export interface RunCounts {
  entered: number;
  active: number;
  completed: number;
  converted: number;
  exited: number;
}

export interface JourneyStats {
  treated: RunCounts;
  heldOut: RunCounts;
}

export interface JourneyEntrantsQuery {
  /** Runs entered in [from, to) (epoch ms). */
  from: number;
  to: number;
  /** One journey, or every journey (null). */
  journeyId: string | null;
}

export interface JourneyEntrant {
  journeyId: string;
  userId: string;
  heldOut: boolean;
  convertedAt: number | null;
  /** When the goal window closes; null for a journey without a goal or without `within`. */
  goalDeadline: number | null;
}

/**
 * The states of a message in the delivery log:
 * - queued:     waiting for the delivery worker (dueAt: when it may go);
 * - deferred:   held back by quiet hours until dueAt; never dropped;
 * - sending:    claimed by a worker until leaseUntil; a crash leaves it here, and it is then
 *               marked failed, never sent again (a duplicate is worse than a loss to recover);
 * - retrying:   a temporary failure; tried again at dueAt;
 * - sent, failed (permanent), dead (retries exhausted: the dead-letter state);
 * - suppressed (consent), capped (frequency cap), held_out (the journey's holdout: recorded,
 *   never delivered).
 */
export type MessageState =
  | 'queued'
  | 'deferred'
  | 'sending'
  | 'retrying'
  | 'sent'
  | 'failed'
  | 'dead'
  | 'suppressed'
  | 'capped'
  | 'held_out';

export interface MessageRecord {
  /** The idempotency key of the effect that produced it: `<run id>:<step id>:<visit>`. */
  id: string;
  profileId: string;
  journeyId: string | null;
  runId: string | null;
  stepId: string | null;
  /** email, inapp, webhook, slack. */
  channel: string;
  template: string;
  topic: string | null;
  transactional: boolean;
  /** The step's priority (for frequency caps). */
  priority: string;
  state: MessageState;
  /** Why it is in this state, in words (cap reached, unsubscribed, SMTP 550 …). */
  reason: string | null;
  attempts: number;
  /** The provider's id for the delivered message (SMTP Message-ID, webhook id…). */
  providerId: string | null;
  dueAt: number | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  /** What rendering needs beyond the profile: the trigger, the recipient override… */
  payload: JsonObject;
}

/** A delivered in-app message as its recipient's inbox holds it. */
export interface InboxMessage extends MessageRecord {
  readAt: number | null;
  dismissedAt: number | null;
}

export interface InboxQuery extends PageRequest {
  /** Also list the messages the user dismissed (default: only the others). */
  includeDismissed?: boolean;
}

export type InboxMark = 'read' | 'dismissed';

export interface MessageFilter {
  profileId?: string;
  journeyId?: string;
  state?: MessageState;
}

export interface RecentSendRecord {
  profileId: string;
  at: number;
  channel: string;
  transactional: boolean;
  priority: string;
}

/** What a user agreed to receive; the suppression list lives here too. */
export interface ConsentRecord {
  profileId: string;
  unsubscribedAll: boolean;
  unsubscribedTopics: string[];
  /** Topics the user opted into (for opt-in topics). */
  subscribedTopics: string[];
  /** Channels that must not be used: bounced or complaining email addresses. */
  suppressedChannels: string[];
  updatedAt: number;
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
  /** The users behind a dashboard number (profile-filter.ts). */
  filter?: ProfileFilter;
}

/** An email as it was sent: what its "view in browser" link shows. */
export interface MessageCopy {
  messageId: string;
  profileId: string;
  sentAt: number;
  html: string;
}
