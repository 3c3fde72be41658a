const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Days remembered per zone before the memo starts afresh (a few years of distinct days). */
const MAX_MEMO_DAYS = 2048;

interface Zone {
  format: Intl.DateTimeFormat;
  /**
   * UTC day number → the zone's offset all that day, or NaN when it changes during the day.
   * No zone has changed its offset twice within 48 hours since 1900 (checked against the tz
   * database with `zdump`), so equal offsets at a day's first and last minute mean one offset
   * all day; reading it from here spares an Intl call on nearly every conversion.
   */
  days: Map<number, number>;
}

const zones = new Map<string, Zone | null>();

function zoneOf(name: string): Zone | null {
  let zone = zones.get(name);
  if (zone === undefined) {
    try {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      zone = { format, days: new Map() };
    } catch {
      zone = null;
    }
    zones.set(name, zone);
  }
  return zone;
}

/** Whether the zone is a known IANA time zone. */
export function isTimeZone(zone: string): boolean {
  return zoneOf(zone) !== null;
}

/**
 * Local time minus UTC at `time`, in ms (whole minutes). Unknown zones read as UTC. Years before
 * 1 CE are not supported (the formatted year has no sign).
 */
export function zoneOffset(time: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const data = zoneOf(zone);
  if (!data) return 0;
  const day = Math.floor(time / DAY_MS);
  let offset = data.days.get(day);
  if (offset === undefined) {
    const first = readOffset(data.format, day * DAY_MS);
    const last = readOffset(data.format, day * DAY_MS + DAY_MS - MINUTE_MS);
    offset = first === last ? first : NaN;
    if (data.days.size >= MAX_MEMO_DAYS) data.days.clear();
    data.days.set(day, offset);
  }
  return Number.isNaN(offset) ? readOffset(data.format, time) : offset;
}

/**
 * The offset read from the formatted wall clock ("12/31/2025, 19:00" in en-US): the digits are
 * scanned in place, which costs less than `formatToParts` and its array of objects.
 */
function readOffset(format: Intl.DateTimeFormat, time: number): number {
  const text = format.format(time);
  // month, day, year, hour, minute, in en-US order.
  let month = 0;
  let day = 0;
  let year = 0;
  let hour = 0;
  let minute = 0;
  let field = 0;
  let value = 0;
  let inNumber = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      inNumber = true;
      continue;
    }
    if (!inNumber) continue;
    if (field === 0) month = value;
    else if (field === 1) day = value;
    else if (field === 2) year = value;
    else if (field === 3) hour = value;
    else minute = value;
    field++;
    value = 0;
    inNumber = false;
  }
  // Date.UTC reads years 0–99 as 1900–1999: shift by 400 years (a whole number of days) there.
  const local =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hour, minute) - 146_097 * DAY_MS
      : Date.UTC(year, month - 1, day, hour, minute);
  return local - (time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS));
}

/**
 * The first minute in (`from`, `to`] at which the offset of `zone` differs from its offset at
 * `from`, or null when it is the same at `to`. For spans under 48 hours, where a zone's offset
 * changes at most once.
 */
export function offsetChangeWithin(from: number, to: number, zone: string): number | null {
  const initial = zoneOffset(from, zone);
  if (zoneOffset(to, zone) === initial) return null;
  let low = Math.floor(from / MINUTE_MS);
  let high = Math.ceil(to / MINUTE_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffset(middle * MINUTE_MS, zone) === initial) low = middle;
    else high = middle;
  }
  return high * MINUTE_MS;
}
