import { zoneOffset } from './zone-offset.js';

export { isTimeZone, zoneOffset } from './zone-offset.js';

/** A calendar date, as on a wall calendar (no time zone attached). */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** A moment as read on a wall clock in a time zone. */
export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The wall-clock reading of `time` in `zone`. */
export function localTime(time: number, zone: string): LocalTime {
  const shifted = new Date(time + zoneOffset(time, zone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

/** The local date `days` after the given one (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate & { weekday: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
    weekday: moved.getUTCDay(),
  };
}

/**
 * The moment a wall clock in `zone` shows `minuteOfDay` on `date`. Daylight-saving changes:
 * - a time the clock skips (02:30 when 02:00 jumps to 03:00) resolves as if the clock had not
 *   jumped: as many minutes after the jump as the time is past the jump's start (03:30), which is
 *   "an hour later" for the usual one-hour change;
 * - a time the clock shows twice (01:30 when 02:00 falls back to 01:00) resolves to the first.
 */
export function localTimeToInstant(date: LocalDate, minuteOfDay: number, zone: string): number {
  return instantOfWall(wallTime(date, minuteOfDay), zone);
}

/** The same as `localTimeToInstant`, with the zone first. */
export function fromLocal(zone: string, date: LocalDate, minuteOfDay: number): number {
  return instantOfWall(wallTime(date, minuteOfDay), zone);
}

/**
 * The first moment at or after `from` at which a wall clock in `zone` shows `minuteOfDay` on
 * `date` — or, when daylight saving skips that time, the moment the clock jumps past it. Of a
 * time shown twice, the first showing not before `from` (the second when `from` is between them).
 * This is when something that lasts "until 08:00" ends, and when a local day begins.
 */
export function clockReaches(
  date: LocalDate,
  minuteOfDay: number,
  zone: string,
  from = -Infinity,
): number {
  return clockReachesWall(wallTime(date, minuteOfDay), zone, from);
}

/** A local date and time written as if it were UTC (ms): what the wall clock shows. */
export function wallTime(date: LocalDate, minuteOfDay: number): number {
  return Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
}

/** `localTimeToInstant` for a wall-clock reading (see `wallTime`). */
export function instantOfWall(wall: number, zone: string): number {
  const found = resolveWall(wall, zone);
  return found.skipped ? wall - found.before : found.earlier;
}

/** `clockReaches` for a wall-clock reading (see `wallTime`). */
export function clockReachesWall(wall: number, zone: string, from = -Infinity): number {
  const found = resolveWall(wall, zone);
  if (found.skipped) return jumpInstant(wall, zone);
  return found.earlier >= from ? found.earlier : found.later;
}

/**
 * Where a wall-clock reading falls, in one object reused by every call (conversions are on the
 * delivery and ingest paths): the offsets a day either side, the first and last instant showing
 * it (equal unless the clock is set back over it), or `skipped`.
 */
const found = { before: 0, after: 0, earlier: 0, later: 0, skipped: false };

function resolveWall(wall: number, zone: string): typeof found {
  // A zone's offset is within ±14 h, and no zone has changed it twice within 48 h: the offsets a
  // day either side are the only two that can apply, and equal ones mean no change in between.
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  found.before = before;
  found.after = after;
  found.skipped = false;
  if (before === after) {
    found.earlier = found.later = wall - before;
    return found;
  }
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeShows = zoneOffset(withBefore, zone) === before;
  const afterShows = zoneOffset(withAfter, zone) === after;
  if (beforeShows && afterShows) {
    found.earlier = Math.min(withBefore, withAfter);
    found.later = Math.max(withBefore, withAfter);
  } else if (beforeShows || afterShows) {
    found.earlier = found.later = beforeShows ? withBefore : withAfter;
  } else {
    found.skipped = true;
    found.earlier = found.later = NaN;
  }
  return found;
}

/**
 * The moment of the jump over a skipped reading: the first minute with the later offset, between
 * the reading taken with the later offset (still before the jump) and with the earlier one
 * (after it). A search, but only on the rare readings that do not exist.
 */
function jumpInstant(wall: number, zone: string): number {
  const after = found.after;
  let low = (wall - after) / MINUTE_MS;
  let high = (wall - found.before) / MINUTE_MS;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffset(middle * MINUTE_MS, zone) === after) high = middle;
    else low = middle;
  }
  return high * MINUTE_MS;
}
