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
import { activeDaysOther } from '../active-days.js';
import {
  checkEarlyHours,
  pushHours,
  readEarlyHoursAndTimes,
  type TimeSpan,
  unpackHours,
} from '../early-hours.js';
import { ACTIVE_DAYS_LEFT_OUT } from './migrations/017-analytics-narrow.js';
import type { ActivityParams, SignalReadStatements } from './queries/signals.js';

/** The signals' reads of the SQLite store, on its reader connection (committed state only). */
export class SqliteSignals implements SignalsStore {
  constructor(private readonly statements: () => SignalReadStatements) {}

  async signalProfiles(): Promise<SignalProfileRow[]> {
    const out: SignalProfileRow[] = [];
    for (const [id, lastSeen, parts] of this.statements().profiles.iterate()) {
      const [traits, accounts, answers] = JSON.parse(parts) as [JsonObject, unknown[], unknown];
      out.push(
        signalProfileFromRow({ id, traits, lastSeen, accounts, answers: answerValues(answers) }),
      );
    }
    return out;
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

  async earlyHours(hours: number, signups: SignupBounds = EVERY_SIGNUP): Promise<EarlyHours> {
    checkEarlyHours(hours);
    const statements = this.statements();
    const { codes, names } = nameCodes(statements.earlyHourNames.all().map((r) => r[0]));
    const out: EarlyHours = new Map();
    for (const [profileId, packed] of statements.earlyHours.iterate({ hours, codes, ...signups }))
      out.set(profileId, this.unpackHours(profileId, packed, names, hours));
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
    const rows: EarlyActionRow[] = [];
    for (const [profileId, name, at] of this.statements().earlyTimes.iterate({
      spans: JSON.stringify(spans.map((s) => [s.profileId, s.from, s.to])),
      names: JSON.stringify(names),
    }))
      rows.push({ profileId, name, at });
    return rows;
  }

  /** A profile's earlyHours row (see unpackHours), or its rows as they are. */
  private unpackHours(
    profileId: string,
    packed: string,
    names: readonly string[],
    hours: number,
  ): Map<string, number[]> {
    const unpacked = unpackHours(packed, names);
    if (unpacked) return unpacked;
    // A name without a code (new since the names were read, or holding char(1)), or a count
    // past one character.
    const mine = new Map<string, number[]>();
    for (const [name, hour, count] of this.statements().earlyHoursOf.iterate({
      hours,
      profile: profileId,
    }))
      pushHours(mine, name, hour, count);
    return mine;
  }

  async earlyNames(
    hours: number,
    signups: SignupBounds = EVERY_SIGNUP,
  ): Promise<Map<string, string[]>> {
    checkEarlyHours(hours);
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
    const asked = {
      n,
      onDay: read.onDay === false ? 0 : 1,
      firstDays: read.firstDays === false ? 0 : 1,
    };
    const other = activeDaysOther(query, ACTIVE_DAYS_LEFT_OUT);
    const rows =
      other === undefined
        ? this.statements().signupActivity.iterate({ ...activityParams(query), ...asked })
        : this.statements().signupActiveDays.iterate({
            fromDay: query.fromDay,
            toDay: query.toDay,
            other,
            ...asked,
          });
    const out: SignupActivityRow[] = [];
    for (const [profileId, lastDay, onDay, days] of rows)
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

/** No bound on signups: every profile. */
const EVERY_SIGNUP: SignupBounds = { from: -Number.MAX_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };

/** `state.answers` (question → { value, … }) as question → value (a string), as pg reads it. */
function answerValues(raw: unknown): JsonObject | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out = Object.create(null) as JsonObject; // user-named keys
  for (const [question, answer] of Object.entries(raw as Record<string, unknown>))
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) {
      const value = (answer as Record<string, unknown>).value;
      if (typeof value === 'string') out[question] = value;
    }
  return out;
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
