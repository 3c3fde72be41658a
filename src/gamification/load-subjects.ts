import type { Account, JsonObject, Profile } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import type { PeriodKind, Unit } from '../definitions/gamification/periods.js';
import { readGameState, type GameState } from '../engine/gamification/game-state.js';
import { readAccountState, readUserState } from '../engine/state/index.js';
import type { PeerState } from '../store/peer-states.js';
import type { Store } from '../store/store.js';
import { SubjectFigures } from './subject-figures.js';

/** A user or account as comparisons read it. */
export interface Subject {
  id: string;
  /** The cohort traits: the account's own, or a user's first account's. */
  traits: JsonObject;
  /** The game state's metrics and badges (the rest is not compared). */
  game: Pick<GameState, 'metrics' | 'badges'> | null;
  /** Milestones reached (an account's: by any member), for adoption. */
  milestones: ReadonlySet<string>;
}

const PAGE = 1000;

/**
 * Every subject of a unit, read page by page through the store's listings: accounts whole (a
 * few thousand), users through the narrow listing (the first account, the game state's metrics
 * and badges and the milestones of each profile, not the whole document). Built once for a
 * whole run of comparisons, never per recipient.
 */
export async function loadSubjects(store: Store, unit: Unit): Promise<Subject[]> {
  const subjects: Subject[] = [];
  await eachSubject(store, unit, (subject) => subjects.push(subject));
  return subjects;
}

/**
 * Every subject of a unit reduced to one period's figures as its page is read: what a report
 * run keeps of 100,000 users (not their game states).
 */
export async function loadSubjectFigures(
  store: Store,
  definitions: Definitions,
  unit: Unit,
  kind: PeriodKind,
  period: number,
): Promise<SubjectFigures> {
  const figures = new SubjectFigures(definitions, unit, kind, period);
  await eachSubject(store, unit, (subject) => figures.add(subject));
  return figures;
}

async function eachSubject(store: Store, unit: Unit, use: (subject: Subject) => void) {
  const accounts = new Map<string, Account>();
  for (let after: string | undefined, more = true; more;) {
    const page = await store.listAccounts({ limit: PAGE, after });
    for (const account of page.items) accounts.set(account.id, account);
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  if (unit === 'account') {
    for (const account of accounts.values()) use(accountSubject(account));
    return;
  }
  for (let after: string | undefined, more = true; more;) {
    const page = await store.listPeerStates({ limit: PAGE, after });
    for (const state of page.items) use(peerSubject(state, accounts));
    after = page.next ?? undefined;
    more = page.next !== null;
  }
}

/** A user as the store's narrow listing gives it (identified users only: visitors are no peers). */
function peerSubject(state: PeerState, accounts: ReadonlyMap<string, Account>): Subject {
  const first = state.account === null ? undefined : accounts.get(state.account);
  return {
    id: state.id,
    traits: first?.traits ?? {},
    game: state.game,
    milestones: new Set(state.milestones),
  };
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

/**
 * A user as comparisons read it from a whole profile (what `listPeerStates` reads of it); null
 * for a visitor not identified yet (not a peer).
 */
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
