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
    const out: EarlyHours = new Map();
    for (const [profileId, packed, marked] of statements.earlyHours.iterate({ hours })) {
      const mine = new Map<string, number[]>();
      out.set(profileId, mine);
      if (marked > 0) {
        for (const [name, hour] of statements.earlyHoursOf.iterate({ hours, profile: profileId }))
          push(mine, name, hour);
        continue;
      }
      // name + char(48 + hour), joined by char(1); no name holds char(1) (marked is 0).
      let i = 0;
      while (i < packed.length) {
        let j = packed.indexOf('\u0001', i);
        if (j < 0) j = packed.length;
        push(mine, packed.slice(i, j - 1), packed.charCodeAt(j - 1) - 48);
        i = j + 1;
      }
    }
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
