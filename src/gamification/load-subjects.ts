import type { Account, JsonObject, Profile } from '../core/types.js';
import type { Unit } from '../definitions/gamification/periods.js';
import { readGameState, type GameState } from '../engine/gamification/game-state.js';
import { readAccountState, readUserState } from '../engine/state/index.js';
import type { Store } from '../store/store.js';

/** A user or account as comparisons read it. */
export interface Subject {
  id: string;
  /** The cohort traits: the account's own, or a user's first account's. */
  traits: JsonObject;
  game: GameState | null;
  /** Milestones reached (an account's: by any member), for adoption. */
  milestones: ReadonlySet<string>;
}

const PAGE = 1000;

/**
 * Every subject of a unit, read page by page through the store's listings. Built once for a
 * whole run of comparisons (a report run), never per recipient.
 */
export async function loadSubjects(store: Store, unit: Unit): Promise<Subject[]> {
  const accounts = new Map<string, Account>();
  for (let after: string | undefined, more = true; more;) {
    const page = await store.listAccounts({ limit: PAGE, after });
    for (const account of page.items) accounts.set(account.id, account);
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  if (unit === 'account') return [...accounts.values()].map(accountSubject);
  const subjects: Subject[] = [];
  for (let after: string | undefined, more = true; more;) {
    const page = await store.searchProfiles({ limit: PAGE, after });
    for (const profile of page.items) {
      const subject = userSubject(profile, accounts);
      if (subject) subjects.push(subject);
    }
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  return subjects;
}

/** An account as comparisons read it. */
export function accountSubject(account: Account): Subject {
  const game = readGameState(readAccountState(account.state) as never);
  return {
    id: account.id,
    traits: account.traits,
    game,
    milestones: new Set(Object.keys(game?.milestones ?? {})),
  };
}

/** A user as comparisons read it; null for a visitor not identified yet (not a peer). */
export function userSubject(
  profile: Profile,
  accounts: ReadonlyMap<string, Account>,
): Subject | null {
  if (profile.userId === null) return null;
  const state = readUserState(profile.state);
  const first = profile.accounts.length ? accounts.get(profile.accounts[0]!) : undefined;
  return {
    id: profile.id,
    traits: first?.traits ?? {},
    game: state.game ?? null,
    milestones: new Set(Object.keys(state.milestones)),
  };
}
