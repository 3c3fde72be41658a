import type { Account, JsonObject, Membership, Profile, StoredEvent } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { explicitTimeZone } from '../engine/journeys/index.js';
import { newAccount, newProfile } from '../engine/profile/new-profile.js';
import type {
  MessageRecord,
  ProfileTimeZone,
  SegmentMemberChange,
  StoreTx,
} from '../store/store.js';
import { scheduleTimers } from './journeys/schedule-timers.js';

/** Lock keys of accounts live beside profile ids, under their own prefix. */
export const accountLockKey = (id: string) => `account:${id}`;

/**
 * The working set of one write transaction: the profiles and accounts it loaded (locked), and
 * every write it will make. The event loop mutates these copies; `flush` writes them once, in
 * bulk, at the end — one round trip per kind of write instead of one per event.
 */
export class BatchWork {
  readonly profiles = new Map<string, Profile>();
  readonly accounts = new Map<string, Account>();
  readonly changedAccounts = new Set<string>();
  readonly memberships: Membership[] = [];
  readonly deleted = new Set<string>();
  /** State changes as internal events; `seq` is filled in by `flush`. */
  readonly internalEvents: StoredEvent[] = [];
  readonly timers = new Map<string, number | null>();
  readonly segmentChanges: SegmentMemberChange[] = [];
  readonly merges: { from: string; into: string }[] = [];
  newAliases: { fromId: string; profileId: string }[] = [];
  /** Messages journeys queued (or recorded as held out) in this transaction. */
  readonly messages: MessageRecord[] = [];
  /** Each loaded profile's time zone as stored, to write only the zones that change. */
  private readonly loadedZones = new Map<string, string | null>();
  /** Profiles loaded only to be read (loadProfilesToRead) and not changed since. */
  private readonly unchanged = new Set<string>();
  /** Per profile, its stored state timer, where the state it was loaded with tells it. */
  private readonly storedTimers = new Map<string, number | null>();

  /**
   * `schedules`: the definitions and time of this transaction, so that a profile moving to a
   * time zone no profile had gets its schedule timers. Without it, zones are recorded only.
   */
  constructor(
    readonly tx: StoreTx,
    private readonly schedules: { definitions: LoadedDefinitions; now: number } | null = null,
  ) {}

  async loadProfiles(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.profiles.has(id));
    if (!missing.length) return;
    for (const [id, profile] of await this.tx.getProfiles(missing)) {
      this.profiles.set(id, profile);
      this.loadedZones.set(id, explicitTimeZone(profile));
    }
  }

  /**
   * Loads profiles a transaction reads but rarely changes (an account's members, a schedule's
   * users): they are written back only if `changed` is called for them.
   */
  async loadProfilesToRead(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.profiles.has(id));
    await this.loadProfiles(missing);
    for (const id of missing) if (this.profiles.has(id)) this.unchanged.add(id);
  }

  /** A profile loaded to be read was changed after all (a journey's update, its state). */
  changed(id: string): void {
    this.unchanged.delete(id);
  }

  /**
   * Notes the state timer a profile has in the store, from the state it had before this batch
   * first derived it: a state derived with the current definitions (`version`) wrote its
   * `nextCheckAt` as the timer in its own transaction (a definitions change re-times every timer
   * and brings a new version). `flush` then leaves a timer that did not move as it is. Only for
   * events: a run on a timer that fell due always writes it (it must move or go).
   */
  noteStoredTimer(id: string, state: JsonObject, version: string): void {
    if (this.timers.has(id) || this.storedTimers.has(id)) return;
    if (state.definitionsVersion !== version) return;
    const next = state.nextCheckAt;
    this.storedTimers.set(id, typeof next === 'number' ? next : null);
  }

  /** Locks and loads accounts not loaded yet. */
  async loadAccounts(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.accounts.has(id));
    if (!missing.length) return;
    await this.tx.lockKeys(missing.map(accountLockKey));
    for (const [id, account] of await this.tx.getAccounts(missing)) this.accounts.set(id, account);
  }

  profile(id: string, time: number): Profile {
    let profile = this.profiles.get(id);
    if (!profile) {
      profile = newProfile(id, time);
      this.profiles.set(id, profile);
    }
    this.deleted.delete(id);
    this.unchanged.delete(id);
    return profile;
  }

  account(id: string, time: number): Account {
    let account = this.accounts.get(id);
    if (!account) {
      account = newAccount(id, time);
      this.accounts.set(id, account);
    }
    return account;
  }

  /** The loaded accounts a profile belongs to, for account rules and scores. */
  accountsOf(profile: Profile): Account[] {
    // A loop: flatMap allocates an array per account, and this runs for every event.
    const found: Account[] = [];
    for (const id of profile.accounts) {
      const account = this.accounts.get(id);
      if (account) found.push(account);
    }
    return found;
  }

  async flush(): Promise<void> {
    const { tx } = this;
    if (this.internalEvents.length) {
      const seqs = await tx.insertEvents(this.internalEvents);
      this.internalEvents.forEach((event, i) => (event.seq = seqs[i] ?? 0));
    }
    if (this.newAliases.length) await tx.putAliases(this.newAliases);
    for (const { from, into } of this.merges) {
      await tx.reassignEvents(from, into);
      await tx.reassignMemberships(from, into);
      await tx.reassignRuns(from, into);
      await tx.reassignMessages(from, into);
      await tx.reassignConsent(from, into);
    }
    if (this.deleted.size) await tx.deleteProfiles([...this.deleted]);
    const live = [...this.profiles.values()].filter(
      (p) => !this.deleted.has(p.id) && !this.unchanged.has(p.id),
    );
    if (live.length) await tx.putProfiles(live);
    await this.flushTimeZones(live);
    if (this.changedAccounts.size) {
      await tx.putAccounts([...this.changedAccounts].map((id) => this.accounts.get(id)!));
    }
    if (this.memberships.length) await tx.addMemberships(this.memberships);
    if (this.segmentChanges.length) await tx.updateSegmentMembers(this.segmentChanges);
    if (this.messages.length) await tx.insertMessages(this.messages);
    const timers = [...this.timers].filter(
      ([id, dueAt]) =>
        !this.deleted.has(id) &&
        !(this.storedTimers.has(id) && this.storedTimers.get(id) === dueAt),
    );
    if (timers.length)
      await tx.setStateTimers(timers.map(([profileId, dueAt]) => ({ profileId, dueAt })));
    // What was only read stays in the store's memory for the next transaction: a state check
    // reads the user's accounts, a schedule its users, and parsing them again cost more than
    // the rest of such a transaction. The batch is not used after its flush.
    const readAccounts: string[] = [];
    for (const id of this.accounts.keys()) if (!this.changedAccounts.has(id)) readAccounts.push(id);
    tx.keepUnchanged(this.unchanged, readAccounts);
  }

  /** Records the zones that changed, and timers for schedules in a zone new to the database. */
  private async flushTimeZones(live: Profile[]): Promise<void> {
    const changes: ProfileTimeZone[] = [];
    for (const profile of live) {
      const zone = explicitTimeZone(profile);
      if (zone !== (this.loadedZones.get(profile.id) ?? null))
        changes.push({ profileId: profile.id, timeZone: zone });
    }
    if (!changes.length) return;
    await this.tx.setProfileTimeZones(changes);
    const zones = changes.flatMap((c) => (c.timeZone === null ? [] : [c.timeZone]));
    if (!this.schedules || !zones.length) return;
    const { definitions, now } = this.schedules;
    // A timer that exists is left as it is: only a zone new to the database gets one.
    const timers = scheduleTimers(definitions, zones, now);
    if (timers.length) await this.tx.addScheduleTimers(timers);
  }
}
