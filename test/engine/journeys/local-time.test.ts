import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCron, type CronSpec } from '../../../src/definitions/index.js';
import {
  fromLocal,
  localTime,
  nextCronTime,
  waitTarget,
} from '../../../src/engine/journeys/index.js';

const cron = (text: string) => parseCron(text) as CronSpec;
const utc = (d: number, h: number, m = 0) => Date.UTC(2026, 0, d, h, m);

describe('local time', () => {
  it('reads and builds wall-clock times in a zone, across daylight-saving changes', () => {
    assert.deepEqual(localTime(utc(5, 23, 30), 'Asia/Kolkata'), {
      year: 2026,
      month: 1,
      day: 6,
      hour: 5,
      minute: 0,
      weekday: 2,
    });
    assert.equal(
      fromLocal('America/New_York', { year: 2026, month: 1, day: 5 }, 9 * 60),
      utc(5, 14),
    );
    // 02:30 does not exist in Paris on 29 March 2026: the clock shows 03:30 at that moment.
    const skipped = fromLocal('Europe/Paris', { year: 2026, month: 3, day: 29 }, 150);
    assert.equal(skipped, Date.UTC(2026, 2, 29, 1, 30));
    assert.equal(localTime(skipped, 'Europe/Paris').hour, 3);
  });

  it('wait targets: a duration, a time of day, weekdays, and both', () => {
    const monday9 = utc(5, 9);
    assert.equal(waitTarget({ for: 3_600_000 }, monday9, 'UTC'), utc(5, 10));
    assert.equal(waitTarget({ at: 10 * 60 }, monday9, 'UTC'), utc(5, 10), 'later today');
    assert.equal(waitTarget({ at: 8 * 60 }, monday9, 'UTC'), utc(6, 8), 'tomorrow');
    assert.equal(waitTarget({ at: 9 * 60 }, monday9, 'UTC'), monday9, 'exactly now: no wait');
    assert.equal(waitTarget({ days: ['mon'] }, monday9, 'UTC'), monday9, 'already Monday');
    assert.equal(waitTarget({ days: ['wed'] }, monday9, 'UTC'), utc(7, 0));
    assert.equal(waitTarget({ at: 8 * 60, days: ['mon'] }, monday9, 'UTC'), utc(12, 8));
    assert.equal(
      waitTarget({ for: 86_400_000, at: 9 * 60, days: ['sat', 'sun'] }, monday9, 'Europe/Paris'),
      utc(10, 8),
    );
  });

  it('cron: the next firing in a zone, day fields combined as in cron', () => {
    const monday9 = utc(5, 9);
    assert.equal(
      nextCronTime(cron('*/15 * * * *'), monday9, 'UTC'),
      utc(5, 9, 15),
      'strictly after',
    );
    assert.equal(nextCronTime(cron('0 9 * * *'), monday9, 'Asia/Tokyo'), utc(6, 0));
    assert.equal(nextCronTime(cron('30 8 1 * *'), monday9, 'UTC'), Date.UTC(2026, 1, 1, 8, 30));
    // Day 15 or any Friday, whichever comes first.
    assert.equal(nextCronTime(cron('0 0 15 * fri'), monday9, 'UTC'), utc(9, 0));
    assert.equal(nextCronTime(cron('0 0 30 2 *'), monday9, 'UTC'), null, '30 February never comes');
  });
});
