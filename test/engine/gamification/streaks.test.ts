import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR, UserSimulator, definitions, named } from '../user-simulator.js';
import type { GameState } from '../../../src/engine/gamification/game-state.js';

const defs = definitions(`
delivery: { default_time_zone: America/New_York }
metrics:
  tasks: { event: Task Completed }
streaks:
  daily:
    period: day
    when: { tasks: 1 }
    at_risk: 4h
  weekly:
    period: week
    when: { tasks: 3 }
`);

/** Local date of a moment, read by Intl on its own (the reference, independent of the engine). */
function localDate(time: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(time);
}

/** Consecutive local dates ending at the last one: the reference streak length. */
function referenceStreak(times: number[], zones: string[]): number {
  const days = [...new Set(times.map((t, i) => localDate(t, zones[i]!)))].sort();
  const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
  let length = 1;
  for (let i = days.length - 1; i > 0; i--) {
    if (dayNumber(days[i]!) - dayNumber(days[i - 1]!) !== 1) break;
    length++;
  }
  return length;
}

function game(user: UserSimulator): GameState {
  return user.state.game!;
}

/** The moment a New York wall clock shows this local time. */
function newYork(date: string, hour: number, minute = 0): number {
  // Offsets in 2026: EST (−5) before 8 March and after 1 November, EDT (−4) between.
  const utc = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  const offset = date >= '2026-03-08' && date < '2026-11-01' ? 4 : 5;
  const edtEarly = date === '2026-03-08' && hour < 2;
  const edtLate = date === '2026-11-01' && hour < 1;
  return utc + (edtEarly ? 5 : edtLate ? 4 : offset) * HOUR;
}

describe('streaks', () => {
  it('counts calendar days across both daylight-saving changes (a 23- and a 25-hour day are one day each)', () => {
    for (const [first, count] of [
      ['2026-03-05', 7],
      ['2026-10-29', 7],
    ] as const) {
      const user = new UserSimulator(defs);
      user.clock.set(newYork(first, 0, 30));
      const times: number[] = [];
      // Late each evening, 23:30 local: consecutive events are 23, 24 or 25 hours apart.
      for (let i = 0; i < count; i++) {
        const date = localDate(Date.parse(`${first}T12:00:00Z`) + i * DAY, 'UTC');
        const at = newYork(date, 23, 30);
        user.runTimers(at);
        user.track('Task Completed');
        times.push(at);
      }
      const expected = referenceStreak(
        times,
        times.map(() => 'America/New_York'),
      );
      assert.equal(expected, count);
      assert.equal(game(user).streaks.daily!.current, expected, `from ${first}`);
      assert.equal(named(user.changes, 'Streak Broken').length, 0);
      assert.deepEqual(
        named(user.changes, 'Streak Extended')
          .filter((c) => c.properties.streak === 'daily')
          .map((c) => c.properties.length),
        Array.from({ length: count }, (_, i) => i + 1),
      );
    }
  });

  it('is at risk 4 hours before the end of the next local day, and breaks at its end, on the timers', () => {
    const user = new UserSimulator(defs);
    // Saturday 7 March 2026 at 10:00 New York (EST); the next day is the 23-hour one.
    user.clock.set(newYork('2026-03-07', 10));
    user.track('Task Completed');
    const fired = user.runTimers(newYork('2026-03-10', 12));
    const risk = named(fired, 'Streak At Risk');
    assert.equal(risk.length, 1);
    // 20:00 EDT on 8 March = 00:00 UTC on the 9th; expiry 00:00 EDT on the 9th.
    assert.equal(risk[0]!.timestamp, Date.parse('2026-03-09T00:00:00Z'));
    assert.equal(risk[0]!.properties.expiresAt, Date.parse('2026-03-09T04:00:00Z'));
    const broken = named(fired, 'Streak Broken');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.timestamp, Date.parse('2026-03-09T04:00:00Z'));
    assert.equal(broken[0]!.properties.missed, '2026-03-08');
    assert.equal(broken[0]!.properties.length, 1);
    assert.equal(game(user).streaks.daily!.current, 0);
    assert.equal(game(user).streaks.daily!.lost, 1);
  });

  it('follows the owner across a time-zone move without breaking or counting a day twice', () => {
    const user = new UserSimulator(defs);
    user.clock.set(Date.parse('2026-04-01T03:00:00Z'));
    user.identify({ timezone: 'Asia/Tokyo' });
    const times: number[] = [];
    const zones: string[] = [];
    const act = (at: number, zone: string) => {
      user.runTimers(at);
      user.track('Task Completed');
      times.push(at);
      zones.push(zone);
    };
    // Tokyo 12:00 on 1, 2 and 3 April.
    for (let d = 1; d <= 3; d++) act(Date.parse(`2026-04-0${d}T03:00:00Z`), 'Asia/Tokyo');
    // Flies to Los Angeles: 3 April 09:00 local is still 3 April there (no new day, no loss)…
    user.runTimers(Date.parse('2026-04-03T15:00:00Z'));
    user.identify({ timezone: 'America/Los_Angeles' });
    act(Date.parse('2026-04-03T16:00:00Z'), 'America/Los_Angeles');
    // …then 4 and 5 April in Los Angeles.
    act(Date.parse('2026-04-04T17:00:00Z'), 'America/Los_Angeles');
    act(Date.parse('2026-04-05T17:00:00Z'), 'America/Los_Angeles');
    assert.equal(referenceStreak(times, zones), 5);
    assert.equal(game(user).streaks.daily!.current, 5);
    assert.equal(named(user.changes, 'Streak Broken').length, 0);
  });

  it('uses a freeze for a missed day, earned every N days up to the cap, and breaks when none is left', () => {
    const frozen = definitions(`
metrics:
  tasks: { event: Task Completed }
streaks:
  daily:
    period: day
    when: { tasks: 1 }
    freezes: { every: 3, max: 1 }
`);
    const user = new UserSimulator(frozen);
    user.clock.set(Date.parse('2026-05-01T12:00:00Z'));
    const day = (d: number) => Date.parse(`2026-05-${String(d).padStart(2, '0')}T12:00:00Z`);
    for (const d of [1, 2, 3, 4, 5, 6]) {
      user.runTimers(day(d));
      user.track('Task Completed');
    }
    // Six days: freezes earned at 3 and 6, capped at 1.
    assert.equal(game(user).streaks.daily!.freezes, 1);
    // 7 May missed: the freeze covers it; 8 May met continues the streak at 7.
    user.runTimers(day(8));
    user.track('Task Completed');
    assert.equal(game(user).streaks.daily!.current, 7);
    assert.equal(game(user).streaks.daily!.used, 1);
    assert.equal(game(user).streaks.daily!.freezes, 0);
    // 9 May missed with no freeze left: broken at the end of 9 May (midnight UTC here).
    const fired = user.runTimers(day(11));
    const broken = named(fired, 'Streak Broken');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.properties.length, 7);
    assert.equal(broken[0]!.timestamp, Date.parse('2026-05-10T00:00:00Z'));
    assert.equal(game(user).streaks.daily!.longest, 7);
  });

  it('keeps a daily streak where the clock skips midnight (Santiago), the day beginning at 01:00', () => {
    const santiago = definitions(`
delivery: { default_time_zone: America/Santiago }
metrics:
  tasks: { event: Task Completed }
streaks:
  daily: { period: day, when: { tasks: 1 } }
`);
    const user = new UserSimulator(santiago);
    // Noon in Santiago on 5, 6 and 7 September 2026; on the 6th the clock jumps 00:00 → 01:00.
    for (const at of ['2026-09-05T16:00:00Z', '2026-09-06T15:00:00Z', '2026-09-07T15:00:00Z']) {
      user.runTimers(Date.parse(at));
      user.track('Task Completed');
    }
    assert.equal(game(user).streaks.daily!.current, 3);
    // Met on the 5th only: the streak expires when the 6th ends, midnight of the 7th (−03).
    const other = new UserSimulator(santiago);
    other.clock.set(Date.parse('2026-09-05T16:00:00Z'));
    other.track('Task Completed');
    const broken = named(other.runTimers(Date.parse('2026-09-08T12:00:00Z')), 'Streak Broken');
    assert.deepEqual(
      broken.map((c) => [c.timestamp, c.properties.missed]),
      [[Date.parse('2026-09-07T03:00:00Z'), '2026-09-06']],
    );
  });

  it('counts weeks from Monday in the owner time zone with a threshold per week', () => {
    const user = new UserSimulator(defs);
    // Sunday 1 March 2026, 23:00 New York = Monday 04:00 UTC: still the week of 23 February there.
    user.clock.set(Date.parse('2026-03-02T04:00:00Z'));
    for (let i = 0; i < 3; i++) user.track('Task Completed');
    assert.equal(named(user.changes, 'Streak Extended').at(-1)!.properties.period, '2026-02-23');
    user.runTimers(Date.parse('2026-03-04T15:00:00Z'));
    for (let i = 0; i < 3; i++) user.track('Task Completed');
    assert.equal(game(user).streaks.weekly!.current, 2);
    assert.equal(
      named(user.changes, 'Streak Extended').filter((c) => c.properties.streak === 'weekly').length,
      2,
    );
  });
});
