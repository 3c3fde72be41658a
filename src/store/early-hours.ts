import type { EarlyActionRow, EarlyHours, EarlyTimes, SignupBounds } from './signals-store.js';

/**
 * What both stores do around the `early_hours` pre-aggregate (migration 018): how far it goes,
 * and the plain steps of `earlyHoursAndTimes` that need no SQL.
 */

/** The hours after signup that `early_hours` keeps: the first 14 days. */
export const EARLY_HOURS_KEPT = 336;

export const HOUR_MS = 3_600_000;

/** Refuses a read past what `early_hours` keeps (no caller asks for more than 14 days). */
export function checkEarlyHours(hours: number): void {
  if (!Number.isInteger(hours) || hours < 0 || hours > EARLY_HOURS_KEPT)
    throw new RangeError(`early hours: expected a whole number of hours 0–${EARLY_HOURS_KEPT}`);
}

/**
 * The hour an event `horizon` ms after signup falls in (ceil, 0 at or before signup): an event
 * at most `horizon` ms after signup has an hour at most this, so only the profiles with an hour
 * of `names` up to it can have a time to read.
 */
export function hourOf(horizon: number): number {
  return Math.max(0, Math.ceil(horizon / HOUR_MS));
}

/**
 * Where the times of `names` up to `horizon` ms after signup lie, from `early` (read to at
 * least `hourOf(horizon)`): per profile, the spans of time after signup (ms, `from` exclusive,
 * `to` inclusive) of the hours in which one of the names happened, adjacent hours joined.
 * Hour h holds (h − 1 h, h h]; hour 0 every time at or before signup. Reading only these
 * spans of a profile's events finds every such time and no other hour's events.
 */
export function timeSpans(
  early: EarlyHours,
  names: readonly string[],
  horizon: number,
): TimeSpan[] {
  const last = hourOf(horizon);
  const out: TimeSpan[] = [];
  const hours = new Set<number>();
  for (const [profileId, mine] of early) {
    hours.clear();
    for (const name of names) for (const h of mine.get(name) ?? []) if (h <= last) hours.add(h);
    if (!hours.size) continue;
    const sorted = [...hours].sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      out.push({
        profileId,
        from: sorted[i] === 0 ? -Number.MAX_SAFE_INTEGER : (sorted[i]! - 1) * HOUR_MS,
        to: Math.min(sorted[j]! * HOUR_MS, horizon),
      });
      i = j + 1;
    }
  }
  return out;
}

export interface TimeSpan {
  profileId: string;
  /** ms after signup, exclusive. */
  from: number;
  /** ms after signup, inclusive. */
  to: number;
}

/**
 * One profile's packed early hours as both stores return them: three characters per row of
 * `early_hours`, 1024 + its name's code (the index of the name in `names`), 48 + hour and
 * 48 + n (47: n too large for one character). Null when a code has no name or a count did not
 * fit: the caller reads that profile's rows as they are.
 */
export function unpackHours(
  packed: string,
  names: readonly (string | undefined)[],
): Map<string, number[]> | null {
  const mine = new Map<string, number[]>();
  for (let i = 0; i < packed.length; i += 3) {
    const name = names[packed.charCodeAt(i) - 1024];
    let n = packed.charCodeAt(i + 2) - 48;
    if (name === undefined || n < 0) return null;
    const hour = packed.charCodeAt(i + 1) - 48;
    let list = mine.get(name);
    if (!list) mine.set(name, (list = []));
    while (n-- > 0) list.push(hour);
  }
  return mine;
}

/** `count` occurrences of `hour` for `name`. */
export function pushHours(
  map: Map<string, number[]>,
  name: string,
  hour: number,
  count: number,
): void {
  let list = map.get(name);
  if (!list) map.set(name, (list = []));
  for (let k = 0; k < count; k++) list.push(hour);
}

/** `early` without the hours past `hours` (names left with none dropped, then profiles). */
export function hoursUpTo(early: EarlyHours, hours: number): EarlyHours {
  const out: EarlyHours = new Map();
  for (const [profileId, mine] of early) {
    const kept = new Map<string, number[]>();
    for (const [name, list] of mine) {
      const within = list.filter((h) => h <= hours);
      if (within.length) kept.set(name, within);
    }
    if (kept.size) out.set(profileId, kept);
  }
  return out;
}

/** Early action rows grouped by profile and name, each list in ascending time. */
export function groupTimes(rows: Iterable<EarlyActionRow>): EarlyTimes {
  const out: EarlyTimes = new Map();
  for (const r of rows) {
    let mine = out.get(r.profileId);
    if (!mine) out.set(r.profileId, (mine = new Map()));
    const list = mine.get(r.name);
    if (list) list.push(r.at);
    else mine.set(r.name, [r.at]);
  }
  for (const mine of out.values()) for (const list of mine.values()) list.sort((a, b) => a - b);
  return out;
}

/** What `earlyHoursAndTimes` needs of a store: its early hours, its event reads. */
export interface EarlyReads {
  earlyHours(hours: number, signups: SignupBounds): Promise<EarlyHours>;
  earlyActions(horizon: number, names: readonly string[]): Promise<EarlyActionRow[]>;
  /** The events of `names` within each span (ms after signup, `from` exclusive, `to` inclusive). */
  timesWithin(spans: readonly TimeSpan[], names: readonly string[]): Promise<EarlyActionRow[]>;
}

/**
 * `earlyHoursAndTimes` on either store: the hours from `early_hours` (read once, to the hour of
 * `horizon` when that is further), and the times of `names` read only within the hours where
 * they happened; past what `early_hours` keeps, every profile's events to the horizon.
 */
export async function readEarlyHoursAndTimes(
  store: EarlyReads,
  hours: number,
  names: readonly string[],
  horizon: number,
  signups: SignupBounds,
): Promise<{ hours: EarlyHours; times: EarlyTimes }> {
  checkEarlyHours(hours);
  const reach = hourOf(horizon);
  if (reach > EARLY_HOURS_KEPT) {
    const [early, rows] = await Promise.all([
      store.earlyHours(hours, signups),
      store.earlyActions(horizon, names),
    ]);
    return { hours: early, times: groupTimes(rows) };
  }
  const wide = await store.earlyHours(Math.max(hours, reach), signups);
  const spans = names.length ? timeSpans(wide, names, horizon) : [];
  const rows = spans.length ? await store.timesWithin(spans, names) : [];
  return { hours: reach > hours ? hoursUpTo(wide, hours) : wide, times: groupTimes(rows) };
}
