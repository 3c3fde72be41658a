import type { JsonObject } from '../../core/types.js';
import type { ActivityQuery } from '../analytics-store.js';
import { signalProfileFromRow } from '../signal-rows.js';
import type {
  ActivityTotalRow,
  EarlyActionRow,
  EarlyHours,
  EarlyTimes,
  SignalProfileRow,
  SignalsStore,
  SignupBounds,
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
    for (const [profileId, packed] of statements.earlyHours.iterate({ hours, codes }))
      out.set(profileId, this.unpackHours(profileId, packed, names, hours));
    return out;
  }

  async earlyHoursAndTimes(
    hours: number,
    names: readonly string[],
    horizon: number,
    signups: SignupBounds = EVERY_SIGNUP,
  ): Promise<{ hours: EarlyHours; times: EarlyTimes }> {
    const exact = nameCodes(names);
    if (horizon > hours * HOUR || names.some((n) => !exact.names.includes(n))) {
      // Past the hours read, or a name without a code (it holds char(1)): two reads.
      const [early, rows] = await Promise.all([
        this.earlyHours(hours),
        this.earlyActions(horizon, names),
      ]);
      return { hours: early, times: groupTimes(rows) };
    }
    const statements = this.statements();
    const { codes, names: byCode } = nameCodes(statements.counterNames.all().map((r) => r[0]));
    const early: EarlyHours = new Map();
    const times: EarlyTimes = new Map();
    for (const [profileId, signup, packed, packedTimes] of statements.earlyHoursAndTimes.iterate({
      hours,
      codes,
      exact: exact.codes,
      horizon,
      from: signups.from,
      to: signups.to,
    })) {
      early.set(profileId, this.unpackHours(profileId, packed, byCode, hours));
      if (packedTimes === null) continue;
      // Per event: its name's code (one character), its time after signup, a comma.
      const mine = new Map<string, number[]>();
      times.set(profileId, mine);
      let i = 0;
      while (i < packedTimes.length) {
        const j = packedTimes.indexOf(',', i + 1);
        push(
          mine,
          exact.names[packedTimes.charCodeAt(i) - 1024]!,
          signup + Number(packedTimes.slice(i + 1, j)),
        );
        i = j + 1;
      }
      for (const list of mine.values()) list.sort((a, b) => a - b);
    }
    return { hours: early, times };
  }

  /** A profile's earlyHours row: two characters per event, 1024 + its name's code, 48 + hour. */
  private unpackHours(
    profileId: string,
    packed: string,
    names: readonly string[],
    hours: number,
  ): Map<string, number[]> {
    const mine = new Map<string, number[]>();
    for (let i = 0; i < packed.length; i += 2) {
      const name = names[packed.charCodeAt(i) - 1024];
      if (name === undefined) {
        // A name without a code (new since the names were read, or holding char(1)).
        mine.clear();
        for (const [n, hour] of this.statements().earlyHoursOf.iterate({
          hours,
          profile: profileId,
        }))
          push(mine, n, hour);
        return mine;
      }
      push(mine, name, packed.charCodeAt(i + 1) - 48);
    }
    return mine;
  }

  async earlyNames(
    hours: number,
    signups: SignupBounds = EVERY_SIGNUP,
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const [profileId, names] of this.statements().earlyNames.iterate({ hours, ...signups }))
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
    read: { firstDays?: boolean; onDay?: boolean } = {},
  ): Promise<SignupActivityRow[]> {
    const out: SignupActivityRow[] = [];
    for (const [profileId, lastDay, onDay, days] of this.statements().signupActivity.iterate({
      ...activityParams(query),
      n,
      onDay: read.onDay === false ? 0 : 1,
      firstDays: read.firstDays === false ? 0 : 1,
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
  // None: no text at all, so that not even an empty name finds a place in it.
  return { codes: parts.length ? `\u0001${parts.join('\u0001')}\u0001` : '', names };
}

function groupTimes(rows: readonly EarlyActionRow[]): EarlyTimes {
  const out: EarlyTimes = new Map();
  for (const r of rows) {
    let mine = out.get(r.profileId);
    if (!mine) out.set(r.profileId, (mine = new Map()));
    push(mine, r.name, r.at);
  }
  return out;
}

const HOUR = 3_600_000;
const EVERY_SIGNUP: SignupBounds = { from: -Number.MAX_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };

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
