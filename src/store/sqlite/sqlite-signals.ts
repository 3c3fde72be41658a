import type { JsonObject } from '../../core/types.js';
import type { ActivityQuery } from '../analytics-store.js';
import { signalProfileFromRow } from '../signal-rows.js';
import type {
  ActivityTotalRow,
  EarlyActionRow,
  EarlyHours,
  SignalProfileRow,
  SignalsStore,
  SignupActivityRow,
  WindowActivityRow,
} from '../signals-store.js';
import type { ActivityParams, SignalReadStatements } from './queries/signals.js';

/** The signals' reads of the SQLite store, on its reader connection (committed state only). */
export class SqliteSignals implements SignalsStore {
  constructor(private readonly statements: () => SignalReadStatements) {}

  async signalProfiles(): Promise<SignalProfileRow[]> {
    return this.statements().profiles.all().map(signalProfileFromRow);
  }

  async signalAccounts(): Promise<{ id: string; traits: JsonObject }[]> {
    return this.statements()
      .accounts.all()
      .map((r) => ({ id: r.id, traits: objectOf(r.traits) }));
  }

  async earlyActions(horizon: number, names?: readonly string[]): Promise<EarlyActionRow[]> {
    const out: EarlyActionRow[] = [];
    for (const [profileId, name, at] of this.statements().earlyActions.iterate({
      horizon,
      names: names ? JSON.stringify(names) : null,
    }))
      out.push({ profileId, name, at });
    return out;
  }

  async earlyHours(hours: number): Promise<EarlyHours> {
    const statements = this.statements();
    const { codes, names } = nameCodes(statements.counterNames.all().map((r) => r[0]));
    const out: EarlyHours = new Map();
    for (const [profileId, packed] of statements.earlyHours.iterate({ hours, codes })) {
      const mine = new Map<string, number[]>();
      out.set(profileId, mine);
      // Two characters per event: 1024 + its name's code, 48 + its hour.
      let known = true;
      for (let i = 0; i < packed.length; i += 2) {
        const name = names[packed.charCodeAt(i) - 1024];
        if (name === undefined) {
          known = false;
          break;
        }
        push(mine, name, packed.charCodeAt(i + 1) - 48);
      }
      if (known) continue;
      // A name without a code (new since the names were read, or holding char(1)).
      mine.clear();
      for (const [name, hour] of statements.earlyHoursOf.iterate({ hours, profile: profileId }))
        push(mine, name, hour);
    }
    return out;
  }

  async earlyNames(hours: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const [profileId, names] of this.statements().earlyNames.iterate({ hours }))
      out.set(profileId, JSON.parse(names) as string[]);
    return out;
  }

  async activityTotals(
    fromDay: number,
    split: number,
    toDay: number,
    names: readonly string[],
    unit: 'profiles' | 'accounts',
  ): Promise<ActivityTotalRow[]> {
    const statement =
      unit === 'profiles' ? this.statements().totalsProfiles : this.statements().totalsAccounts;
    const out: ActivityTotalRow[] = [];
    for (const [id, name, previous, last] of statement.iterate({
      fromDay,
      split,
      toDay,
      names: JSON.stringify(names),
    }))
      out.push({ id, name, previous, last });
    return out;
  }

  async signupActivity(
    query: ActivityQuery,
    n: number,
    firstDays = true,
  ): Promise<SignupActivityRow[]> {
    const out: SignupActivityRow[] = [];
    for (const [profileId, lastDay, onDay, days] of this.statements().signupActivity.iterate({
      ...activityParams(query),
      n,
      firstDays: firstDays ? 1 : 0,
    }))
      out.push({ profileId, lastDay, onDay: onDay === 1, firstDays: days });
    return out;
  }

  async windowActivity(
    query: ActivityQuery,
    split: number,
    unit: 'profiles' | 'accounts',
  ): Promise<WindowActivityRow[]> {
    const statement =
      unit === 'profiles' ? this.statements().windowProfiles : this.statements().windowAccounts;
    const out: WindowActivityRow[] = [];
    for (const [id, previous, last] of statement.iterate({ ...activityParams(query), split }))
      out.push({ id, previous, last });
    return out;
  }

  async profilesSeen(): Promise<{ id: string; lastSeen: number; accountId: string | null }[]> {
    const out: { id: string; lastSeen: number; accountId: string | null }[] = [];
    for (const [id, lastSeen, accountId] of this.statements().profilesSeen.iterate())
      out.push({ id, lastSeen, accountId });
    return out;
  }

  async segmentMembers(segment: string): Promise<{ profileId: string; since: number }[]> {
    return this.statements().segmentMembers.all({ segment });
  }
}

/**
 * The names joined by char(1) (with one before and after), and each one's code: the position
 * of its leading char(1) as SQLite's instr counts it (code points, from 1). Names holding
 * char(1) are left out, and so are names past what two-byte codes hold (below the surrogates).
 */
function nameCodes(all: readonly string[]): { codes: string; names: string[] } {
  const names: string[] = [];
  const parts: string[] = [];
  let position = 1;
  for (const name of all) {
    if (name.includes('\u0001')) continue;
    const length = [...name].length;
    if (1024 + position + length + 1 >= 0xd800) break;
    names[position] = name;
    parts.push(name);
    position += length + 1;
  }
  return { codes: `\u0001${parts.join('\u0001')}\u0001`, names };
}

function push(map: Map<string, number[]>, name: string, hour: number): void {
  const list = map.get(name);
  if (list) list.push(hour);
  else map.set(name, [hour]);
}

function objectOf(text: string | null): JsonObject {
  const value = text === null ? null : (JSON.parse(text) as unknown);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

function activityParams(query: ActivityQuery): ActivityParams {
  return {
    fromDay: query.fromDay,
    toDay: query.toDay,
    include: query.include ? JSON.stringify(query.include) : null,
    exclude: JSON.stringify(query.exclude),
    noViews: query.excludeViews ? 1 : 0,
  };
}
