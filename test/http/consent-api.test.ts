import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { consentHarness, type ConsentHarness } from './consent-fixtures.js';

forEachStore('consent admin API', (getStore: () => Store) => {
  let h: ConsentHarness;
  const unsubscribe = (userId: string, payload: unknown, headers = h.t.admin) =>
    h.t.app.inject({
      method: 'POST',
      url: `/api/users/${userId}/unsubscribe`,
      headers,
      payload: payload as object,
    });
  const consentOf = (userId: string) =>
    h.t.app.inject({ url: `/api/users/${userId}/consent`, headers: h.t.admin });

  before(async () => {
    h = await consentHarness(getStore());
    await h.send('/v1/identify', { userId: 'dana', traits: { email: 'dana@acme.test' } });
  });
  after(async () => h.close());

  it('shows every declared topic with its state before any choice', async () => {
    const res = await consentOf('dana');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      userId: 'dana',
      unsubscribedAll: false,
      topics: [
        {
          id: 'product_tips',
          name: 'Product tips',
          description: 'Tips & tricks <b>weekly</b>',
          default: 'subscribed',
          subscribed: true,
        },
        {
          id: 'announcements',
          name: 'Announcements',
          description: 'New features',
          default: 'unsubscribed',
          subscribed: false,
        },
      ],
      unsubscribedTopics: [],
      subscribedTopics: [],
      suppressedChannels: [],
      updatedAt: null,
    });
  });

  it('unsubscribes from a topic, resubscribes, and leaves and rejoins all marketing', async () => {
    let res = await unsubscribe('dana', { topic: 'product_tips' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().unsubscribedTopics, ['product_tips']);
    assert.equal(res.json().topics[0].subscribed, false);
    assert.equal(res.json().updatedAt, new Date(h.t.clock.now()).toISOString());

    res = await unsubscribe('dana', { topic: 'announcements', resubscribe: true });
    assert.deepEqual(res.json().subscribedTopics, ['announcements']);
    res = await unsubscribe('dana', { all: true });
    assert.equal(res.json().unsubscribedAll, true);
    res = await unsubscribe('dana', { all: true, resubscribe: true });
    assert.equal(res.json().unsubscribedAll, false);
    res = await unsubscribe('dana', { topic: 'product_tips', resubscribe: true });
    assert.deepEqual(res.json().unsubscribedTopics, []);
    assert.deepEqual((await consentOf('dana')).json(), res.json());

    const events = (await h.internalEvents('dana')).map((e) => [
      e.event,
      e.properties.topic,
      e.properties.via,
    ]);
    assert.deepEqual(events, [
      ['Unsubscribed', 'product_tips', 'api'],
      ['Subscribed', 'announcements', 'api'],
      ['Unsubscribed', null, 'api'],
      ['Subscribed', null, 'api'],
      ['Subscribed', 'product_tips', 'api'],
    ]);
    // Asking again for what is already in effect records nothing more.
    await unsubscribe('dana', { topic: 'announcements', resubscribe: true });
    assert.equal((await h.internalEvents('dana')).length, 5);
  });

  it('resubscribing does not lift a bounce', async () => {
    await getStore().transaction((tx) =>
      tx.putConsents([
        {
          profileId: 'dana',
          unsubscribedAll: true,
          unsubscribedTopics: [],
          subscribedTopics: [],
          suppressedChannels: ['email'],
          updatedAt: h.t.clock.now(),
        },
      ]),
    );
    const res = await unsubscribe('dana', { all: true, resubscribe: true });
    assert.equal(res.json().unsubscribedAll, false);
    assert.deepEqual(res.json().suppressedChannels, ['email']);
  });

  it('names every field at fault', async () => {
    const cases: [unknown, { field: string; message: string }[]][] = [
      [{}, [{ field: 'topic', message: 'is required unless all is true' }]],
      [{ all: false }, [{ field: 'topic', message: 'is required unless all is true' }]],
      [
        { topic: 'product_tip' },
        [{ field: 'topic', message: 'unknown topic; declared: product_tips, announcements' }],
      ],
      [{ topic: 7 }, [{ field: 'topic', message: 'must be a topic name' }]],
      [
        { topic: 'product_tips', all: true },
        [{ field: 'all', message: 'give a topic or all: true, not both' }],
      ],
      [
        { all: 'yes', resubscribe: 1, reason: 'x' },
        [
          { field: 'reason', message: 'unknown field; allowed: topic, all, resubscribe' },
          { field: 'all', message: 'must be true or false' },
          { field: 'resubscribe', message: 'must be true or false' },
        ],
      ],
      [[], [{ field: 'body', message: 'must be a JSON object' }]],
    ];
    for (const [payload, fields] of cases) {
      const res = await unsubscribe('dana', payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().error.code, 'invalid_request');
      assert.deepEqual(res.json().error.fields, fields, JSON.stringify(payload));
    }
  });

  it('answers 404 for an unknown user and 401 without the admin key', async () => {
    assert.equal((await unsubscribe('nobody', { all: true })).statusCode, 404);
    assert.equal((await consentOf('nobody')).statusCode, 404);
    assert.equal((await unsubscribe('dana', { all: true }, {})).statusCode, 401);
    const res = await h.t.app.inject({ url: '/api/users/dana/consent' });
    assert.equal(res.statusCode, 401);
  });

  it('lists the dev outbox, newest first, and serves one raw message', async () => {
    // Dana's address bounced above: Ola receives these.
    await h.send('/v1/identify', {
      userId: 'ola',
      traits: { email: 'ola@acme.test', first_name: 'Ola' },
    });
    await h.send('/v1/track', { userId: 'ola', event: 'Digest Due' });
    await h.worker.sweepDue();
    h.t.clock.advance(60_000);
    await h.send('/v1/track', { userId: 'ola', event: 'Tip Due' });
    await h.worker.sweepDue();
    const res = await h.t.app.inject({ url: '/api/outbox?limit=10', headers: h.t.admin });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { id: string; subject: string; to: string; date: string }[];
    assert.deepEqual(
      items.map((i) => i.subject),
      ['A tip for Ola', 'Your digest'],
    );
    assert.match(items[0].to, /ola@acme\.test/);
    assert.equal(items[0].date, new Date(h.t.clock.now()).toISOString());
    assert.equal(
      (await h.t.app.inject({ url: '/api/outbox?limit=1', headers: h.t.admin })).json().items
        .length,
      1,
    );
    const raw = await h.t.app.inject({ url: `/api/outbox/${items[1].id}`, headers: h.t.admin });
    assert.equal(raw.statusCode, 200);
    assert.equal(raw.headers['content-type'], 'message/rfc822');
    assert.match(raw.body, /^[\s\S]*Subject: Your digest\r\n/);

    const bad = await h.t.app.inject({ url: '/api/outbox?limit=0', headers: h.t.admin });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.fields[0].field, 'limit');
    for (const id of ['0'.repeat(32), '..%2F..%2Fetc%2Fpasswd'])
      assert.equal(
        (await h.t.app.inject({ url: `/api/outbox/${id}`, headers: h.t.admin })).statusCode,
        404,
      );
    assert.equal((await h.t.app.inject({ url: '/api/outbox' })).statusCode, 401);

    // One recipient's mail, and pages that follow one another.
    await h.send('/v1/identify', {
      userId: 'uma',
      traits: { email: 'uma@other.test', first_name: 'Uma' },
    });
    await h.send('/v1/track', { userId: 'uma', event: 'Digest Due' });
    await h.worker.sweepDue();
    const get = async (url: string) => (await h.t.app.inject({ url, headers: h.t.admin })).json();
    const uma = await get('/api/outbox?to=UMA@other');
    assert.deepEqual(
      uma.items.map((i: { to: string }) => i.to),
      ['uma@other.test'],
    );
    const first = await get('/api/outbox?to=acme.test&limit=1');
    assert.deepEqual(
      first.items.map((i: { subject: string }) => i.subject),
      ['A tip for Ola'],
    );
    const second = await get(`/api/outbox?to=acme.test&limit=1&after=${first.next}`);
    assert.deepEqual(
      second.items.map((i: { subject: string }) => i.subject),
      ['Your digest'],
    );
    assert.equal(second.next, null);
    const badCursor = await h.t.app.inject({ url: '/api/outbox?after=x', headers: h.t.admin });
    assert.equal(badCursor.json().error.fields[0].field, 'after');
  });
});

forEachStore('outbox with SMTP configured', (getStore: () => Store) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(getStore());
  });
  after(async () => t.app.close());

  it('answers 404 no_outbox', async () => {
    const res = await t.app.inject({ url: '/api/outbox', headers: t.admin });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'no_outbox');
  });
});
