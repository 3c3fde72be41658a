import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WEEKDAYS } from '../../../src/definitions/index.js';
import { capWindowStart, quietHoursEnd } from '../../../src/engine/delivery/index.js';
import { waitTarget } from '../../../src/engine/journeys/index.js';
import {
  dateOfDayNumber,
  localDayNumber,
  localTime,
  localTimeToInstant,
  localWeekNumber,
  startOfLocalDay,
  startOfLocalWeek,
} from '../../../src/engine/time/index.js';
import {
  changeIntervals,
  changeWithin,
  DAY,
  HOUR,
  key,
  MINUTE,
  OutsideReadings,
  read,
  Readings,
  weekdayOf,
} from './wall-clock-reference.js';

/**
 * Every IANA zone whose offset changes between 2000 and 2037: around a change of each (one at
 * random, and one that skips or repeats midnight where the zone has such), random instants and
 * local times; every answer of src/engine/time and of the functions built on it (waits `at`,
 * quiet-hour ends, cap windows, day and week helpers) is compared with the reference, which
 * reads the wall clock minute by minute. Deterministic by seed: CAIRN_TZ_SEED=n replays another
 * draw, CAIRN_TZ_CASES=n checks n cases of each kind per change (default 6).
 */
const SEED = Number(process.env.CAIRN_TZ_SEED ?? 20_260_308);
const CASES = Number(process.env.CAIRN_TZ_CASES ?? 6);
const SPAN_FROM = Date.UTC(2000, 0, 1);
const SPAN_TO = Date.UTC(2038, 0, 1);
/** Offsets are read every 4 weeks to find changes (none are closer together since 2000). */
const SCAN_STEP = 28 * DAY;
/** Readings around a change: enough for a wait into the day after it, or a 2-day cap. */
const BEFORE = 54 * HOUR;
const AFTER = 36 * HOUR;

const zones = Intl.supportedValuesOf('timeZone');

/** mulberry32: a small seeded generator of [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const regions = [...new Set(zones.map((zone) => zone.split('/')[0]!))];

describe(`local time in every zone with changes 2000–2037, against wall-clock readings (seed ${SEED})`, () => {
  for (const region of regions) {
    it(region, (t) => {
      const next = random(SEED + region.length * 7919 + region.charCodeAt(0));
      const count = { zones: 0, cases: 0, skipped: 0 };
      for (const zone of zones.filter((z) => z.split('/')[0] === region)) {
        const intervals = changeIntervals(zone, SPAN_FROM, SPAN_TO, SCAN_STEP);
        if (intervals.length === 0) continue;
        count.zones++;
        const picks = [changeWithin(zone, pickFrom(intervals, next), SCAN_STEP)];
        // And one that skips or repeats midnight, if the zone has any: tried in random order.
        for (const end of shuffled(intervals, next)) {
          const change = changeWithin(zone, end, SCAN_STEP);
          if (!movesMidnight(zone, change)) continue;
          if (change !== picks[0]) picks.push(change);
          break;
        }
        for (const change of picks) checkAround(zone, change, next, count);
      }
      if (region === 'America' || region === 'Europe')
        assert.ok(count.zones > 20, `${count.zones} zones`);
      t.diagnostic(`${count.zones} zones, ${count.cases} cases, ${count.skipped} skipped`);
      assert.ok(
        count.skipped <= count.cases * 0.05,
        `${count.skipped} of ${count.cases} cases skipped`,
      );
    });
  }
});

const pickFrom = <T>(items: readonly T[], next: () => number): T =>
  items[Math.floor(next() * items.length)]!;

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Whether the clock skips or repeats a midnight at this change. */
function movesMidnight(zone: string, change: number): boolean {
  const before = key(read(change - MINUTE, zone)) + 1;
  const after = key(read(change, zone));
  const low = Math.min(before, after);
  const high = Math.max(before, after);
  // Skipped (forward) or repeated (back) are the wall times in [low, high).
  return Math.ceil(low / 1440) * 1440 < high;
}

interface Count {
  cases: number;
  skipped: number;
}

function checkAround(zone: string, change: number, next: () => number, count: Count): void {
  const readings = new Readings(zone, change - BEFORE, change + AFTER);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // A case whose answer lies beyond the minutes read is skipped (and counted).
  const check = (body: () => void) => {
    count.cases++;
    try {
      body();
    } catch (error) {
      if (!(error instanceof OutsideReadings)) throw error;
      count.skipped++;
    }
  };
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low));
  const near = (spread: number) => change + between(-spread, spread);
  // The wall-clock minutes on either side of the jump, and those skipped or repeated.
  const wallBefore = readings.at(change - MINUTE) + 1;
  const wallAfter = readings.at(change);
  const around = () =>
    between(Math.min(wallBefore, wallAfter) - 30, Math.max(wallBefore, wallAfter) + 30);
  const minuteNear = () => (next() < 0.6 ? around() % 1440 : between(0, 1440));
  const where = (what: string, input: unknown) =>
    `${zone}, change at ${new Date(change).toISOString()}, ${what} ${JSON.stringify(input)} (seed ${SEED})`;

  for (let i = 0; i < CASES * 2; i++) {
    const time = next() < 0.5 ? near(2 * HOUR) : near(30 * HOUR);
    check(() => {
      const reading = readings.at(time);
      const local = localTime(time, zone);
      const day = Math.floor(reading / 1440);
      const date = dateOfDayNumber(day);
      assert.deepEqual(
        [local.year, local.month, local.day, local.hour * 60 + local.minute, local.weekday],
        [date.year, date.month, date.day, reading % 1440, weekdayOf(day)],
        where('localTime at', new Date(time)),
      );
      assert.equal(localDayNumber(time, zone), day, where('localDayNumber at', new Date(time)));
    });
  }

  // Local date and time → instant: skipped times an hour (the gap) later, repeated ones the first.
  const walls = [wallBefore - 1, wallBefore, wallAfter - 1, wallAfter, wallAfter + 1];
  for (let i = 0; i < CASES; i++) walls.push(around(), wallBefore + between(-30 * 60, 30 * 60));
  for (const wall of walls) {
    const date = dateOfDayNumber(Math.floor(wall / 1440));
    check(() =>
      assert.equal(
        localTimeToInstant(date, wall % 1440, zone),
        readings.instantFor(wall),
        where('localTimeToInstant', { date, minute: wall % 1440 }),
      ),
    );
  }

  for (let i = 0; i < CASES; i++) {
    // wait { at }: the first day from the start's local date whose `at` is not before it.
    const after = next() < 0.5 ? near(3 * HOUR) : change + between(-20 * HOUR, 6 * HOUR);
    const at = minuteNear();
    check(() => {
      let expected = NaN;
      for (let day = Math.floor(readings.at(after) / 1440); Number.isNaN(expected); day++) {
        const candidate = readings.instantFor(day * 1440 + at);
        if (candidate >= after) expected = candidate;
      }
      assert.equal(waitTarget({ at }, after, zone), expected, where('wait at', { after, at }));
    });

    // wait { days }: at once on an allowed day, else when the next allowed day begins.
    check(() => {
      const startDay = Math.floor(readings.at(after) / 1440);
      const targetDay = Math.floor(wallAfter / 1440) + between(-1, 2);
      if (targetDay < startDay || targetDay >= startDay + 7) return;
      const days = [WEEKDAYS[weekdayOf(targetDay)]!];
      const expected = targetDay === startDay ? after : readings.startOfDay(targetDay);
      assert.equal(
        waitTarget({ days }, after, zone),
        expected,
        where('wait days', { after, days }),
      );
    });
  }

  for (let i = 0; i < CASES * 2; i++) {
    // Quiet hours: deferred to the first minute whose reading is outside the window.
    const now = next() < 0.5 ? near(2 * HOUR) : change + between(-20 * HOUR, 8 * HOUR);
    const to = minuteNear();
    const back = between(0, 600);
    check(() => {
      const nowMinute = readings.at(now) % 1440;
      let from = (nowMinute - back + 1440) % 1440;
      if (from === to) from = (to + 1439) % 1440;
      const quiet = { from, to };
      const inside = (minute: number) =>
        from > to ? minute >= from || minute < to : minute >= from && minute < to;
      const expected = inside(nowMinute)
        ? readings.firstFrom(Math.floor(now / MINUTE) * MINUTE + MINUTE, (k) => !inside(k % 1440))
        : null;
      assert.equal(quietHoursEnd(quiet, now, zone), expected, where('quiet hours', { quiet, now }));
    });
  }

  for (let i = 0; i < CASES; i++) {
    // Cap windows of 1 and 2 calendar days: from the first minute of the first day.
    const days = pick([1, 2]);
    const now = change + between(days === 1 ? -20 * HOUR : -2 * HOUR, 30 * HOUR);
    check(() => {
      const expected = readings.startOfDay(Math.floor(readings.at(now) / 1440) - (days - 1));
      assert.equal(capWindowStart(days * DAY, now, zone), expected, where('cap', { days, now }));
    });
    // 7 days: a moment 5–7 days after the change, whose window begins around it.
    const later = change + between(5 * DAY, 7 * DAY);
    check(() => {
      const first = Math.floor(key(read(later, zone)) / 1440) - 6;
      assert.equal(
        capWindowStart(7 * DAY, later, zone),
        readings.startOfDay(first),
        where('cap 7d', { later }),
      );
    });

    // The day containing a moment begins at its first minute.
    const time = change + between(-28 * HOUR, 30 * HOUR);
    check(() =>
      assert.equal(
        startOfLocalDay(time, zone),
        readings.startOfDay(Math.floor(readings.at(time) / 1440)),
        where('startOfLocalDay', new Date(time)),
      ),
    );

    // Weeks beginning on a day near the change: their start, and consecutive week numbers.
    const weekDay = Math.floor(wallAfter / 1440) + between(-1, 2);
    const inWeekOffset = between(0, 7 * DAY);
    const beforeOffset = between(1, 6 * DAY);
    check(() => {
      const weekStartsOn = weekdayOf(weekDay);
      const weekStart = readings.startOfDay(weekDay);
      const inWeek = weekStart + inWeekOffset;
      const inWeekDay = Math.floor(key(read(inWeek, zone)) / 1440);
      if (inWeekDay < weekDay || inWeekDay >= weekDay + 7) return;
      assert.equal(
        startOfLocalWeek(inWeek, zone, weekStartsOn),
        weekStart,
        where('startOfLocalWeek', { inWeek, weekStartsOn }),
      );
      const before = weekStart - beforeOffset;
      const beforeDay = Math.floor(key(read(before, zone)) / 1440);
      const weeksApart = beforeDay >= weekDay - 7 ? 1 : 2;
      assert.equal(
        localWeekNumber(inWeek, zone, weekStartsOn) - localWeekNumber(before, zone, weekStartsOn),
        weeksApart,
        where('localWeekNumber', { inWeek, before, weekStartsOn }),
      );
    });
  }
}
