import type pg from 'pg';
import type { JsonObject } from '../../core/types.js';
import type { ActivityQuery } from '../analytics-store.js';
import { signalProfileFromRow, type RawSignalProfile } from '../signal-rows.js';
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
import {
  checkEarlyHours,
  pushHours,
  readEarlyHoursAndTimes,
  type TimeSpan,
  unpackHours,
} from '../early-hours.js';
import { textArray } from './array-literal.js';
import type { NamedQuery } from './named-query.js';
import { signalQueries as q } from './queries/signals.js';

type Run = <R extends pg.QueryResultRow>(
  query: NamedQuery,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

/** The signals' reads of the PostgreSQL store, on the shared pool (committed state only). */
export class PostgresSignals implements SignalsStore {
  constructor(private readonly run: Run) {}

  async signalProfiles(): Promise<SignalProfileRow[]> {
    const { rows } = await this.run<RawSignalProfile>(q.profiles, []);
    return rows.map(signalProfileFromRow);
  }

  async signalAccounts(): Promise<{ id: string; traits: JsonObject }[]> {
    const { rows } = await this.run<{ id: string; traits: JsonObject | null }>(q.accounts, []);
    return rows.map((r) => ({
      id: r.id,
      traits: r.traits && typeof r.traits === 'object' && !Array.isArray(r.traits) ? r.traits : {},
    }));
  }

  async earlyActions(horizon: number, names?: readonly string[]): Promise<EarlyActionRow[]> {
    const { rows } = await this.run<{ profileId: string; name: string; at: string }>(
      q.earlyActions,
      [horizon, names ? textArray(names) : null],
    );
    return rows.map((r) => ({ profileId: r.profileId, name: r.name, at: Number(r.at) }));
  }

  async earlyHours(hours: number, signups: SignupBounds = EVERY_SIGNUP): Promise<EarlyHours> {
    checkEarlyHours(hours);
    // Codes 1 … below the surrogates (chr of those is refused); a name past them is read
    // with its profile's rows as they are.
    const all = (await this.run<{ name: string }>(q.earlyHourNames, [])).rows.map((r) => r.name);
    const coded = all.slice(0, 0xd800 - 1024 - 1);
    const names = [undefined, ...coded];
    const { rows } = await this.run<{ profileId: string; packed: string }>(q.earlyHours, [
      hours,
      signups.from,
      signups.to,
      textArray(coded),
    ]);
    const out: EarlyHours = new Map();
    for (const r of rows) {
      let mine = unpackHours(r.packed, names);
      if (!mine) {
        mine = new Map();
        const { rows: own } = await this.run<{ name: string; hour: number; n: string }>(
          q.earlyHoursOf,
          [r.profileId, hours],
        );
        for (const o of own) pushHours(mine, o.name, o.hour, Number(o.n));
      }
      out.set(r.profileId, mine);
    }
    return out;
  }

  async earlyHoursAndTimes(
    hours: number,
    names: readonly string[],
    horizon: number,
    signups: SignupBounds = EVERY_SIGNUP,
  ): Promise<{ hours: EarlyHours; times: EarlyTimes }> {
    return readEarlyHoursAndTimes(this, hours, names, horizon, signups);
  }

  async timesWithin(
    spans: readonly TimeSpan[],
    names: readonly string[],
  ): Promise<EarlyActionRow[]> {
    const { rows } = await this.run<{ profileId: string; name: string; at: string }>(q.earlyTimes, [
      textArray(spans.map((s) => s.profileId)),
      `{${spans.map((s) => s.from).join(',')}}`,
      `{${spans.map((s) => s.to).join(',')}}`,
      textArray(names),
    ]);
    return rows.map((r) => ({ profileId: r.profileId, name: r.name, at: Number(r.at) }));
  }

  async earlyNames(
    hours: number,
    signups: SignupBounds = EVERY_SIGNUP,
  ): Promise<Map<string, string[]>> {
    checkEarlyHours(hours);
    const { rows } = await this.run<{ profileId: string; names: string[] }>(q.earlyNames, [
      hours,
      signups.from,
      signups.to,
    ]);
    return new Map(rows.map((r) => [r.profileId, r.names]));
  }

  async activityTotals(
    fromDay: number,
    split: number,
    toDay: number,
    names: readonly string[],
    unit: 'profiles' | 'accounts',
  ): Promise<ActivityTotalRow[]> {
    const { rows } = await this.run<{ id: string; name: string; previous: string; last: string }>(
      unit === 'profiles' ? q.totalsProfiles : q.totalsAccounts,
      [fromDay, split, toDay, textArray(names)],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      previous: Number(r.previous),
      last: Number(r.last),
    }));
  }

  async signupActivity(
    query: ActivityQuery,
    n: number,
    read: { firstDays?: boolean; onDay?: boolean } = {},
  ): Promise<SignupActivityRow[]> {
    const { rows } = await this.run<{
      profileId: string;
      lastDay: number;
      onDay: boolean;
      firstDays: string;
    }>(q.signupActivity, [
      ...activityValues(query),
      n,
      read.firstDays !== false,
      read.onDay !== false,
    ]);
    return rows.map((r) => ({
      profileId: r.profileId,
      lastDay: Number(r.lastDay),
      onDay: r.onDay,
      firstDays: Number(r.firstDays),
    }));
  }

  async windowActivity(
    query: ActivityQuery,
    split: number,
    unit: 'profiles' | 'accounts',
  ): Promise<WindowActivityRow[]> {
    const { rows } = await this.run<{ id: string; previous: string; last: string }>(
      unit === 'profiles' ? q.windowProfiles : q.windowAccounts,
      [...activityValues(query), split],
    );
    return rows.map((r) => ({ id: r.id, previous: Number(r.previous), last: Number(r.last) }));
  }

  async profilesSeen(): Promise<{ id: string; lastSeen: number; accountId: string | null }[]> {
    const { rows } = await this.run<{ id: string; lastSeen: string; accountId: string | null }>(
      q.profilesSeen,
      [],
    );
    return rows.map((r) => ({ id: r.id, lastSeen: Number(r.lastSeen), accountId: r.accountId }));
  }

  async segmentMembers(segment: string): Promise<{ profileId: string; since: number }[]> {
    const { rows } = await this.run<{ profileId: string; since: string }>(q.segmentMembers, [
      segment,
    ]);
    return rows.map((r) => ({ profileId: r.profileId, since: Number(r.since) }));
  }
}

/** No bound on signups: every profile. */
const EVERY_SIGNUP: SignupBounds = { from: -Number.MAX_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };

function activityValues(query: ActivityQuery): unknown[] {
  return [
    query.fromDay,
    query.toDay,
    query.include ? textArray(query.include) : null,
    textArray(query.exclude),
    query.excludeViews,
  ];
}
