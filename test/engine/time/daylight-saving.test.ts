import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCron, type CronSpec } from '../../../src/definitions/index.js';
import { quietHoursEnd } from '../../../src/engine/delivery/index.js';
import { nextCronTime, waitTarget } from '../../../src/engine/journeys/index.js';
import {
  clockReaches,
  dayNumberOfDate,
  localDayNumber,
  localTime,
  localTimeToInstant,
  localWeekNumber,
  startOfLocalDate,
  startOfLocalDay,
  startOfLocalWeek,
} from '../../../src/engine/time/index.js';
import { decide, policy } from '../delivery/delivery-fixtures.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const NEW_YORK = 'America/New_York';

describe('daylight saving: times the clock skips or shows twice', () => {
  it('wait `at` a skipped time runs an hour later (New York, 2026-03-08)', () => {
    // Started Saturday 20:00 EST; 02:00–02:59 do not exist that night.
    const start = at('2026-03-08T01:00:00Z');
    assert.equal(waitTarget({ at: 150 }, start, NEW_YORK), at('2026-03-08T07:30:00Z'));
    assert.equal(waitTarget({ at: 120 }, start, NEW_YORK), at('2026-03-08T07:00:00Z'));
    assert.equal(waitTarget({ at: 90 }, start, NEW_YORK), at('2026-03-08T06:30:00Z'));
    assert.equal(localTime(at('2026-03-08T07:30:00Z'), NEW_YORK).hour, 3);
  });

  it('a time shown twice resolves to the first (New York, 2026-11-01)', () => {
    const date = { year: 2026, month: 11, day: 1 };
    assert.equal(localTimeToInstant(date, 90, NEW_YORK), at('2026-11-01T05:30:00Z'));
    // Reached from the second 01:00, the clock shows 01:30 again half an hour later.
    const second = at('2026-11-01T06:00:00Z');
    assert.equal(clockReaches(date, 90, NEW_YORK, second), at('2026-11-01T06:30:00Z'));
  });

  it('a 30-minute change moves a skipped time 30 minutes (Lord Howe)', () => {
    const date = { year: 2026, month: 10, day: 4 };
    const instant = localTimeToInstant(date, 2 * 60 + 15, 'Australia/Lord_Howe');
    assert.equal(instant, at('2026-10-03T15:45:00Z'));
    assert.deepEqual(
      [
        localTime(instant, 'Australia/Lord_Howe').hour,
        localTime(instant, 'Australia/Lord_Howe').minute,
      ],
      [2, 45],
    );
  });

  it('cron: a skipped time fires an hour later, a repeated one once', () => {
    const cron = (text: string) => parseCron(text) as CronSpec;
    const spring = nextCronTime(cron('30 2 * * *'), at('2026-03-07T12:00:00Z'), NEW_YORK);
    assert.equal(spring, at('2026-03-08T07:30:00Z'));
    const first = nextCronTime(cron('30 1 * * *'), at('2026-10-31T12:00:00Z'), NEW_YORK)!;
    assert.equal(first, at('2026-11-01T05:30:00Z'));
    assert.equal(nextCronTime(cron('30 1 * * *'), first, NEW_YORK), at('2026-11-02T06:30:00Z'));
  });

  it('quiet hours end when the clock first shows a time outside them', () => {
    // Quiet until 02:30, which New York skips: over at the jump to 03:00 EDT.
    const spring = quietHoursEnd({ from: 22 * 60, to: 150 }, at('2026-03-08T06:50:00Z'), NEW_YORK);
    assert.equal(spring, at('2026-03-08T07:00:00Z'));
    // Quiet until 01:30: the clock falls back into the window at 02:00 EDT, and out at 01:30 EST.
    const quiet = { from: 22 * 60, to: 90 };
    assert.equal(
      quietHoursEnd(quiet, at('2026-11-01T05:10:00Z'), NEW_YORK),
      at('2026-11-01T05:30:00Z'),
    );
    assert.equal(quietHoursEnd(quiet, at('2026-11-01T05:30:00Z'), NEW_YORK), null);
    assert.equal(
      quietHoursEnd(quiet, at('2026-11-01T06:10:00Z'), NEW_YORK),
      at('2026-11-01T06:30:00Z'),
    );
    // Until 08:00 across the night Santiago skips midnight: 08:00 -03, not 08:00 -04.
    const night = { from: 21 * 60, to: 8 * 60 };
    const santiago = quietHoursEnd(night, at('2026-09-06T02:30:00Z'), 'America/Santiago');
    assert.equal(santiago, at('2026-09-06T11:00:00Z'));
  });
});

describe('calendar days that lose their midnight, or a whole date', () => {
  it('a day begins at its first instant where the clock skips midnight', () => {
    const starts: [string, string, string][] = [
      ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00Z'],
      ['America/Havana', '2026-03-08', '2026-03-08T05:00:00Z'],
      ['Africa/Cairo', '2026-04-24', '2026-04-23T22:00:00Z'],
      ['Asia/Beirut', '2026-03-29', '2026-03-28T22:00:00Z'],
      ['America/Asuncion', '2023-10-01', '2023-10-01T04:00:00Z'],
    ];
    for (const [zone, day, start] of starts) {
      const [year, month, date] = day.split('-').map(Number) as [number, number, number];
      assert.equal(startOfLocalDate({ year, month, day: date }, zone), at(start), zone);
      assert.equal(startOfLocalDay(at(start) + 5 * HOUR, zone), at(start), zone);
      // The minute before belongs to the day before.
      assert.equal(localDayNumber(at(start) - 60_000, zone), localDayNumber(at(start), zone) - 1);
    }
  });

  it('Pacific/Apia skipped 30 December 2011: that date begins where the 31st does', () => {
    const skipped = startOfLocalDate({ year: 2011, month: 12, day: 30 }, 'Pacific/Apia');
    assert.equal(skipped, at('2011-12-30T10:00:00Z'));
    assert.equal(
      localDayNumber(skipped, 'Pacific/Apia'),
      dayNumberOfDate({ year: 2011, month: 12, day: 31 }),
    );
    assert.equal(
      localDayNumber(skipped - 1, 'Pacific/Apia'),
      dayNumberOfDate({ year: 2011, month: 12, day: 29 }),
    );
  });

  it('23- and 25-hour days are one day each; weeks begin at local midnight', () => {
    const march8 = at('2026-03-08T05:00:00Z');
    const march9 = at('2026-03-09T04:00:00Z');
    assert.equal(startOfLocalDay(march9 - 1, NEW_YORK), march8);
    assert.equal(localDayNumber(march9, NEW_YORK) - localDayNumber(march8, NEW_YORK), 1);
    const november1 = at('2026-11-01T04:00:00Z');
    const november2 = at('2026-11-02T05:00:00Z');
    assert.equal(november2 - november1, 25 * HOUR);
    assert.equal(localDayNumber(november2 - 1, NEW_YORK), localDayNumber(november1, NEW_YORK));
    // Weeks from Monday: the week of Sunday 8 March began Monday 2 March 05:00Z (EST).
    assert.equal(startOfLocalWeek(march8 + HOUR, NEW_YORK, 1), at('2026-03-02T05:00:00Z'));
    assert.equal(startOfLocalWeek(march9, NEW_YORK, 1), march9);
    assert.equal(
      localWeekNumber(march9, NEW_YORK, 1) - localWeekNumber(march9 - 1, NEW_YORK, 1),
      1,
    );
    // Weeks from Sunday in Santiago: Sunday 6 September begins at 01:00 -03.
    assert.equal(
      startOfLocalWeek(at('2026-09-10T12:00:00Z'), 'America/Santiago', 0),
      at('2026-09-06T04:00:00Z'),
    );
  });

  it('a 7-day cap counts the last seven calendar days where midnight is skipped (Santiago)', () => {
    const config = policy(`
delivery:
  caps:
    inapp: { max: 3, per: 7d }
`);
    // Three in-app messages on Saturday 5 September at 23:30 -04, the night midnight is skipped.
    const saturday = at('2026-09-06T03:30:00Z');
    const recent = [0, 1, 2].map((i) => ({
      at: saturday + i * 60_000,
      channel: 'inapp' as const,
      transactional: false,
      priority: 'normal' as const,
    }));
    const send = { channel: 'inapp' as const };
    const timeZone = 'America/Santiago';
    // Saturday 12 September, 10:00 -03: the window is Sunday 6 to Saturday 12, they are outside.
    const nextSaturday = at('2026-09-12T13:00:00Z');
    assert.equal(decide(config, { send, recent, timeZone, now: nextSaturday }).decision, 'send');
    // Friday 11 September: Saturday 5 is still in the window.
    const friday = at('2026-09-11T13:00:00Z');
    assert.equal(decide(config, { send, recent, timeZone, now: friday }).decision, 'cap');
  });
});
