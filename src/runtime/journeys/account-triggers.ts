import type { Account, IncomingEvent, JsonObject } from '../../core/types.js';
import type { LoadedDefinitions } from '../../definitions/index.js';
import {
  accountOccurrences,
  compiledJourneys,
  journeysListeningTo,
  triggerMatches,
  type Occurrence,
} from '../../engine/journeys/index.js';
import { readAccountState } from '../../engine/state/index.js';
import type { BatchWork } from '../batch-work.js';
import type { UserOccurrences } from './run-journeys.js';

/** An account as it was before an event was folded into it. */
export interface AccountBefore {
  traits: JsonObject;
  state: JsonObject;
}

const hasAccountJourneys = new WeakMap<LoadedDefinitions, boolean>();

/**
 * Account triggers in `cairn serve`. What an event did to an account — the event itself, each
 * trait it changed, each score threshold crossed (accountOccurrences) — is handed to every
 * member of the account, in the transaction of the event, as a user's own occurrences are. Entry
 * then applies the trigger's `members` filter; a member's run id derives from the occurrence key,
 * so one account change never starts two runs for one user. Only occurrences that some journey's
 * account trigger matches travel, so a workspace without account journeys reads no memberships.
 */
export class AccountTriggers {
  private readonly pending: { accountId: string; occurrences: Occurrence[] }[] = [];

  private constructor(private readonly definitions: LoadedDefinitions) {}

  /** Null when no journey starts from an account trigger. */
  static of(definitions: LoadedDefinitions | null): AccountTriggers | null {
    if (!definitions) return null;
    let any = hasAccountJourneys.get(definitions);
    if (any === undefined) {
      any = [...compiledJourneys(definitions).values()].some(
        (journey) => 'account' in journey.definition.trigger,
      );
      hasAccountJourneys.set(definitions, any);
    }
    return any ? new AccountTriggers(definitions) : null;
  }

  /** Call before the event is folded into the account. */
  before(account: Account): AccountBefore {
    return { traits: { ...account.traits }, state: account.state };
  }

  /** Call once the event is folded and the state derived: keeps what it did, for the members. */
  record(before: AccountBefore, account: Account, event: IncomingEvent, now: number): void {
    // An imported event starts no journey: its members need not be read.
    if (event.source === 'import') return;
    const occurrences = accountOccurrences({
      definitions: this.definitions,
      event,
      accountId: account.id,
      traitsBefore: before.traits,
      traitsAfter: account.traits,
      stateBefore: readAccountState(before.state),
      stateAfter: readAccountState(account.state),
      now,
    }).filter((occurrence) =>
      journeysListeningTo(this.definitions, occurrence.name, true).some((j) =>
        triggerMatches(j.id, j.definition.trigger, occurrence),
      ),
    );
    if (occurrences.length) this.pending.push({ accountId: account.id, occurrences });
  }

  /**
   * Adds what was recorded to the occurrences of each member (memberships stored, and those of
   * this batch), locking and loading the members this transaction has not loaded yet.
   */
  async handToMembers(work: BatchWork, users: Map<string, UserOccurrences>): Promise<void> {
    if (!this.pending.length) return;
    const accountIds = new Set(this.pending.map((p) => p.accountId));
    const members = new Map<string, Set<string>>();
    const stored = await work.tx.membersOf([...accountIds]);
    for (const { accountId, profileId } of [...stored, ...work.memberships]) {
      if (!accountIds.has(accountId)) continue;
      // A visitor merged in this batch is a member as the user it became.
      const id = mergedInto(work, profileId);
      if (work.deleted.has(id)) continue;
      if (!members.has(accountId)) members.set(accountId, new Set());
      members.get(accountId)!.add(id);
    }
    const ids = [...new Set([...members.values()].flatMap((set) => [...set]))];
    const unloaded = ids.filter((id) => !work.profiles.has(id));
    if (unloaded.length) {
      await work.tx.lockKeys(unloaded);
      await work.loadProfilesToRead(unloaded);
      await work.loadAccounts(unloaded.flatMap((id) => work.profiles.get(id)?.accounts ?? []));
    }
    for (const { accountId, occurrences } of this.pending) {
      for (const id of members.get(accountId) ?? []) {
        const profile = work.profiles.get(id);
        if (!profile) continue;
        let user = users.get(id);
        if (!user) users.set(id, (user = { profile, occurrences: [] }));
        user.occurrences.push(...occurrences);
      }
    }
    this.pending.length = 0;
  }
}

function mergedInto(work: BatchWork, profileId: string): string {
  let id = profileId;
  for (let hops = 0; hops < work.merges.length; hops++) {
    const merge = work.merges.find((m) => m.from === id);
    if (!merge) break;
    id = merge.into;
  }
  return id;
}
