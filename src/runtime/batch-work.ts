import type { Account, Membership, Profile, StoredEvent } from '../core/types.js';
import { newAccount, newProfile } from '../engine/profile/new-profile.js';
import type { MessageRecord, SegmentMemberChange, StoreTx } from '../store/store.js';

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

  constructor(readonly tx: StoreTx) {}

  async loadProfiles(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.profiles.has(id));
    if (!missing.length) return;
    for (const [id, profile] of await this.tx.getProfiles(missing)) this.profiles.set(id, profile);
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
    return profile.accounts.flatMap((id) => {
      const account = this.accounts.get(id);
      return account ? [account] : [];
    });
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
    const live = [...this.profiles.values()].filter((p) => !this.deleted.has(p.id));
    if (live.length) await tx.putProfiles(live);
    if (this.changedAccounts.size) {
      await tx.putAccounts([...this.changedAccounts].map((id) => this.accounts.get(id)!));
    }
    if (this.memberships.length) await tx.addMemberships(this.memberships);
    if (this.segmentChanges.length) await tx.updateSegmentMembers(this.segmentChanges);
    if (this.messages.length) await tx.insertMessages(this.messages);
    const timers = [...this.timers].filter(([id]) => !this.deleted.has(id));
    if (timers.length)
      await tx.setStateTimers(timers.map(([profileId, dueAt]) => ({ profileId, dueAt })));
  }
}
