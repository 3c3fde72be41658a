/**
 * Times within bounds (issue #11, item 4): an event's time, after the clock-skew correction,
 * must lie from 2000-01-01 to one day after it arrives, or it is refused with a 400 naming the
 * field; and reads never fail on a time already stored outside the date range.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const DAY = 86_400_000;

forEachStore('event times within bounds', (getStore: () => Store) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(getStore());
  });
  after(async () => {
    await t.app.close();
  });
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: t.sdk, payload });
  const iso = (ms: number) => new Date(ms).toISOString();

  it('refuses a timestamp and sentAt at the ends of the date range, and stores nothing', async () => {
    const attack = {
      userId: 'time-attacker',
      event: 'x',
      timestamp: '-271821-04-20T00:00:00.000Z',
      sentAt: '+275760-09-13T00:00:00.000Z',
    };
    const single = await post('/v1/track', attack);
    assert.equal(single.statusCode, 400, single.body);
    assert.deepEqual(
      single.json().error.fields.map((f: { field: string }) => f.field),
      ['timestamp', 'sentAt'],
    );
    const batch = await post('/v1/batch', { batch: [{ type: 'track', ...attack }] });
    assert.equal(batch.statusCode, 400, batch.body);
    assert.equal(batch.json().rejected[0].errors[0].field, 'batch[0].timestamp');
    assert.equal(await getStore().getProfile('time-attacker'), null);
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: t.admin });
    assert.equal(list.statusCode, 200, list.body);
  });

  it('refuses times before 2000 or more than a day ahead after the skew correction', async () => {
    const now = t.clock.now();
    const cases: [object, number][] = [
      [{ timestamp: '1999-12-31T23:59:59.999Z' }, 400],
      [{ timestamp: '2000-01-01T00:00:00.000Z' }, 200],
      [{ timestamp: iso(now + DAY + 1000) }, 400],
      [{ timestamp: iso(now + DAY - 1000) }, 200],
      // A device clock two days ahead: timestamp and sentAt move together, and the corrected
      // time is now.
      [{ timestamp: iso(now + 2 * DAY), sentAt: iso(now + 2 * DAY) }, 200],
      // A sentAt far behind the timestamp corrects to a time too far ahead.
      [{ timestamp: iso(now), sentAt: iso(now - 3 * DAY) }, 400],
      [{ timestamp: '+010000-01-01T00:00:00.000Z', sentAt: '+010000-01-01T00:00:00.000Z' }, 400],
    ];
    for (const [times, status] of cases) {
      const res = await post('/v1/track', { userId: 'clock', event: 'x', ...times });
      assert.equal(res.statusCode, status, `${JSON.stringify(times)}: ${res.body}`);
      if (status === 400) assert.match(res.json().error.message, /timestamp|sentAt/);
    }
    const profile = (await getStore().getProfile('clock'))!;
    assert.equal(profile.counters.x!.count, 3);
    assert.ok(profile.lastSeen <= now + DAY);
  });

  it('reads a user whose stored times are outside the date range without failing', async () => {
    // Written past ingest's checks, as a database from before them may hold.
    const bad = 9e15;
    const event = anEvent({ type: 'track', userId: 'stored-bad', event: 'x', timestamp: bad });
    await getStore().transaction(async (tx) => {
      await tx.insertEvents([{ ...event, profileId: 'stored-bad' }]);
      await tx.putProfiles([
        {
          id: 'stored-bad',
          userId: 'stored-bad',
          anonymousIds: [],
          traits: { name: 'Bad Times' },
          counters: { x: { count: 1, first: -bad, last: bad } },
          firstSeen: -bad,
          lastSeen: bad,
          activeDays: [],
          accounts: [],
          state: {},
        },
      ]);
    });
    const one = await t.app.inject({
      method: 'GET',
      url: '/api/users/stored-bad',
      headers: t.admin,
    });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().lastSeen, null);
    assert.equal(one.json().counters.x.last, null);
    assert.equal(one.json().events[0].timestamp, null);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/users?query=stored',
      headers: t.admin,
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().items[0].id, 'stored-bad');
  });
});
