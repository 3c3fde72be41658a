import type { EarlyActionRow, EarlyHours, EarlyTimes } from './signals-store.js';

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

/** The profiles of `early` (read to at least `hourOf(horizon)`) with one of `names` by then. */
export function profilesWithTimes(
  early: EarlyHours,
  names: readonly string[],
  horizon: number,
): string[] {
  const last = hourOf(horizon);
  const out: string[] = [];
  for (const [profileId, mine] of early)
    if (names.some((n) => mine.get(n)?.some((h) => h <= last))) out.push(profileId);
  return out;
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
