/**
 * An independent reference for local time: what a wall clock in a zone shows, read minute by
 * minute with Intl.DateTimeFormat, and answers found by walking those readings.
 * It shares nothing with src/engine/time (no offsets, no arithmetic on them): slow, obvious, and
 * meant to be.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let cached = formats.get(zone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, cached);
  }
  return cached;
}

/** A wall-clock reading: the calendar day (days since 1970-01-01) and the minute of that day. */
export interface Reading {
  day: number;
  minute: number;
}

/** "12/31/2025, 19:00" (a regular expression costs a third of formatToParts, read ~10⁶ times) */
const SHOWN = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+)$/;

/** What the wall clock in `zone` shows at `time`. */
export function read(time: number, zone: string): Reading {
  const shown = format(zone).format(time);
  const [, month, day, year, hour, minute] = SHOWN.exec(shown) ?? [];
  if (minute === undefined) throw new Error(`unexpected reading ${shown}`);
  const dayNumber = Date.UTC(Number(year), Number(month) - 1, Number(day)) / DAY;
  return { day: dayNumber, minute: Number(hour) * 60 + Number(minute) };
}

/** Thrown when an answer needs a reading outside the minutes read: the case is skipped. */
export class OutsideReadings extends Error {}

/** A reading as one comparable number of minutes. */
export const key = (reading: Reading): number => reading.day * 1440 + reading.minute;

/** The weekday of a day number (0 = Sunday), from the calendar alone. */
export const weekdayOf = (day: number): number => new Date(day * DAY).getUTCDay();

/**
 * The clock of one zone read at every minute of [from, to): `keys[i]` is the reading at
 * `from + i` minutes. Answers that need a minute outside it throw, so a test cannot pass on a
 * window too short to see its answer.
 */
export class Readings {
  readonly keys: Int32Array;

  constructor(
    readonly zone: string,
    readonly from: number,
    readonly to: number,
  ) {
    const count = Math.round((to - from) / MINUTE);
    this.keys = new Int32Array(count);
    for (let i = 0; i < count; i++) this.keys[i] = key(read(from + i * MINUTE, zone));
  }

  private index(time: number): number {
    const i = Math.floor((time - this.from) / MINUTE);
    if (i < 0 || i >= this.keys.length)
      throw new OutsideReadings(`${new Date(time).toISOString()} not read in ${this.zone}`);
    return i;
  }

  at(time: number): number {
    return this.keys[this.index(time)]!;
  }

  /** The first minute at or after `from` whose reading satisfies `test`. */
  firstFrom(from: number, test: (key: number) => boolean): number {
    for (let i = this.index(from); i < this.keys.length; i++)
      if (test(this.keys[i]!)) return this.from + i * MINUTE;
    throw new OutsideReadings(`no such minute read in ${this.zone}`);
  }

  /**
   * The instant for a local date and time (a reading key), by the documented rules: the first
   * minute showing it; if no minute shows it (skipped), the minute the clock jumps over it plus
   * how far it is past the last reading before the jump ("as if the clock had not jumped").
   */
  instantFor(wall: number): number {
    const keys = this.keys;
    // The readings must start before the wall time, so that a jump over it is seen.
    if (keys[0]! >= wall) throw new OutsideReadings(`readings of ${this.zone} start too late`);
    for (let i = 0; i < keys.length; i++) if (keys[i] === wall) return this.from + i * MINUTE;
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! < wall && keys[i]! > wall) {
        const lastBeforeJump = keys[i - 1]! + 1;
        return this.from + i * MINUTE + (wall - lastBeforeJump) * MINUTE;
      }
    }
    throw new OutsideReadings(`wall time ${wall} not within the readings of ${this.zone}`);
  }

  /** The first minute whose reading is on `day` or later: when that local day begins. */
  startOfDay(day: number): number {
    if (this.keys[0]! >= day * 1440)
      throw new OutsideReadings(`readings of ${this.zone} start too late`);
    return this.firstFrom(this.from, (k) => k >= day * 1440);
  }
}

/** Reading minus UTC, in minutes. */
const offsetAt = (time: number, zone: string) => key(read(time, zone)) - Math.floor(time / MINUTE);

/**
 * Where the offset of `zone` changes between `from` and `to`: the ends of each `step` (minutes,
 * aligned) between whose reads it differs. Changes closer together than `step` can be missed.
 */
export function changeIntervals(zone: string, from: number, to: number, step: number): number[] {
  const found: number[] = [];
  let previous = offsetAt(from, zone);
  for (let time = from + step; time <= to; time += step) {
    const current = offsetAt(time, zone);
    if (current !== previous) found.push(time);
    previous = current;
  }
  return found;
}

/** The minute the offset changes within (`end` − `step`, `end`], narrowed down read by read. */
export function changeWithin(zone: string, end: number, step: number): number {
  const initial = offsetAt(end - step, zone);
  let low = (end - step) / MINUTE;
  let high = end / MINUTE;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * MINUTE, zone) === initial) low = middle;
    else high = middle;
  }
  return high * MINUTE;
}
