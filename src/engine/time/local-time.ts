/** A moment as read on a wall clock in a time zone. */
export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let cached = formatters.get(zone);
  if (cached === undefined) {
    try {
      cached = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      cached = null;
    }
    formatters.set(zone, cached);
  }
  return cached;
}

/** Whether the zone is a known IANA time zone. */
export function isTimeZone(zone: string): boolean {
  return formatter(zone) !== null;
}

/** Local time minus UTC at `time`, in ms (whole minutes). Unknown zones read as UTC. */
export function zoneOffset(time: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const format = formatter(zone);
  if (!format) return 0;
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(time)) parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return local - (time - (((time % 60_000) + 60_000) % 60_000));
}

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

/**
 * The moment a wall clock in `zone` shows `minuteOfDay` on the given date. A time that does not
 * exist (skipped by a daylight-saving change) gives the moment an hour later, when the clock
 * shows it after the jump; a time shown twice gives one of the two.
 */
export function fromLocal(
  zone: string,
  date: { year: number; month: number; day: number },
  minuteOfDay: number,
): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const first = asUtc - zoneOffset(asUtc, zone);
  return asUtc - zoneOffset(first, zone);
}

/** The local date `days` after the given one (negative: before). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number; weekday: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return {
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
    weekday: moved.getUTCDay(),
  };
}

/** The first moment of the local day that contains `time`. */
export function startOfLocalDay(time: number, zone: string): number {
  return fromLocal(zone, localTime(time, zone), 0);
}
