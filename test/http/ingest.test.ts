import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { testApp, WRITE_KEY, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

forEachStore('ingest over HTTP', (getStore: () => Store) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(getStore());
  });
  after(async () => {
    await t.app.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = t.sdk) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers });

  describe('authentication', () => {
    it('answers 401 without the write key, or with a wrong one', async () => {
      const body = { userId: 'u', event: 'x' };
      assert.equal((await post('/v1/track', body, {})).statusCode, 401);
      const wrong = { authorization: 'Basic ' + Buffer.from('nope:').toString('base64') };
      const res = await post('/v1/track', body, wrong);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'unauthorized');
    });

    it('takes the write key as Basic user, Bearer token, or batch body writeKey', async () => {
      assert.equal((await post('/v1/track', { userId: 'auth', event: 'x' })).statusCode, 200);
      const bearer = { authorization: `Bearer ${WRITE_KEY}` };
      assert.equal(
        (await post('/v1/track', { userId: 'auth', event: 'x' }, bearer)).statusCode,
        200,
      );
      const inBody = {
        writeKey: WRITE_KEY,
        batch: [{ type: 'track', userId: 'auth', event: 'x' }],
      };
      assert.equal((await post('/v1/batch', inBody, {})).statusCode, 200);
    });
  });

  describe('the six calls', () => {
    it('stores each call (with the server key) and updates the profile before answering', async () => {
      const u = 'six-calls';
      for (const [url, body] of [
        ['/v1/identify', { userId: u, traits: { email: 'six@acme.io', name: 'Six Calls' } }],
        ['/v1/track', { userId: u, event: 'Report Created', properties: { shared: true } }],
        ['/v1/page', { userId: u, name: 'Pricing' }],
        ['/v1/screen', { userId: u, name: 'Home' }],
        ['/v1/group', { userId: u, groupId: 'acme', traits: { seats: 40 } }],
        ['/v1/alias', { userId: u, previousId: 'six-old' }],
      ] as const) {
        const res = await post(url, body, t.server);
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        assert.deepEqual(res.json(), { success: true });
      }
      const profile = (await getStore().getProfile(u))!;
      assert.equal(profile.traits.email, 'six@acme.io');
      assert.equal(profile.counters['Report Created'].count, 1);
      assert.equal(profile.counters['Viewed Pricing Page'].count, 1);
      assert.equal(profile.counters['Viewed Home Screen'].count, 1);
      assert.deepEqual(profile.accounts, ['acme']);
      const account = (await getStore().getAccount('acme'))!;
      assert.equal(account.traits.seats, 40);
      assert.equal(account.memberCount, 1);
      assert.equal((await getStore().recentEvents(u, 10)).length, 6);
    });

    it('attributes a track call to the account in context.groupId', async () => {
      await post('/v1/track', {
        userId: 'ctx-group',
        event: 'Task Completed',
        context: { groupId: 'globex' },
      });
      const account = (await getStore().getAccount('globex'))!;
      assert.equal(account.counters['Task Completed'].count, 1);
      assert.equal(account.memberCount, 1);
    });
  });

  describe('validation', () => {
    it('names the field at fault', async () => {
      const res = await post('/v1/track', { userId: 'v' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error.fields, [
        { field: 'event', message: 'is required for track calls' },
      ]);
      const noId = await post('/v1/identify', { traits: {} });
      assert.equal(noId.json().error.fields[0].field, 'userId');
      const badTime = await post('/v1/page', { anonymousId: 'a', timestamp: 'soon' });
      assert.equal(badTime.json().error.fields[0].field, 'timestamp');
    });

    it('answers 400 to malformed JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: '{"userId": "u", "event": ',
        headers: { ...t.sdk, 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'invalid_json');
    });

    it('answers 400 to a call over 32 KB and a batch over 500 KB', async () => {
      const big = await post('/v1/track', {
        userId: 'u',
        event: 'x',
        properties: { blob: 'x'.repeat(33_000) },
      });
      assert.equal(big.statusCode, 400);
      assert.equal(big.json().error.code, 'too_large');
      const batch = Array.from({ length: 20 }, (_, i) => ({
        type: 'track',
        userId: 'u',
        event: 'x',
        messageId: `big-${i}`,
        properties: { blob: 'x'.repeat(30_000) },
      }));
      const res = await post('/v1/batch', { batch });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /500 KB/);
      assert.equal(await getStore().hasEvent('big-0'), false);
    });

    it('stores the valid events of a batch and lists the rejected ones by index', async () => {
      const res = await post('/v1/batch', {
        batch: [
          { type: 'track', userId: 'mixed', event: 'ok', messageId: 'mixed-0' },
          { type: 'teleport', userId: 'mixed', messageId: 'mixed-1' },
          { type: 'track', userId: 'mixed', messageId: 'mixed-2' },
          { type: 'identify', userId: 'mixed', messageId: 'mixed-3', traits: { plan: 'trial' } },
          {
            type: 'track',
            userId: 'mixed',
            event: 'huge',
            properties: { blob: 'y'.repeat(33_000) },
          },
        ],
      });
      assert.equal(res.statusCode, 400);
      const body = res.json();
      assert.equal(body.stored, 2);
      assert.deepEqual(
        body.rejected.map((r: { index: number; errors: { field: string }[] }) => [
          r.index,
          r.errors[0].field,
        ]),
        [
          [1, 'batch[1].type'],
          [2, 'batch[2].event'],
          [4, 'batch[4]'],
        ],
      );
      assert.equal(await getStore().hasEvent('mixed-0'), true);
      assert.equal(await getStore().hasEvent('mixed-3'), true);
      assert.equal(await getStore().hasEvent('mixed-1'), false);
    });

    it('rejects a batch envelope without events', async () => {
      const res = await post('/v1/batch', { events: [] });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.fields[0].field, 'batch');
    });
  });

  describe('idempotency', () => {
    it('stores a messageId once and answers 200 both times', async () => {
      const body = { userId: 'dedupe', event: 'Project Created', messageId: 'dedupe-1' };
      assert.equal((await post('/v1/track', body)).statusCode, 200);
      assert.equal((await post('/v1/track', body)).statusCode, 200);
      const batch = {
        batch: [
          { type: 'track', ...body },
          { type: 'track', ...body },
        ],
      };
      assert.equal((await post('/v1/batch', batch)).statusCode, 200);
      const profile = (await getStore().getProfile('dedupe'))!;
      assert.equal(profile.counters['Project Created'].count, 1);
      assert.equal((await getStore().recentEvents('dedupe', 10)).length, 1);
    });
  });

  describe('times and encodings', () => {
    it('keeps timestamp, sentAt and receivedAt with the clock-skew correction', async () => {
      const now = t.clock.now();
      await post('/v1/batch', {
        sentAt: new Date(now + 3_600_000 + 2_000).toISOString(),
        batch: [
          {
            type: 'track',
            userId: 'skew',
            event: 'x',
            timestamp: new Date(now + 3_600_000).toISOString(),
          },
        ],
      });
      const [event] = await getStore().recentEvents('skew', 1);
      assert.equal(event.timestamp, now - 2_000);
      assert.equal(event.receivedAt, now);
      assert.equal(event.sentAt, now + 3_600_000 + 2_000);
      assert.equal(event.originalTimestamp, now + 3_600_000);
    });

    it('accepts gzip bodies', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: gzipSync(JSON.stringify({ userId: 'gz', event: 'Zipped' })),
        headers: { ...t.sdk, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await getStore().getProfile('gz'))!.counters.Zipped.count, 1);
    });

    it('measures the events of a gzip batch, whose size as sent says nothing', async () => {
      // 33 KB of one letter compress to a few hundred bytes.
      const body = {
        batch: [
          { type: 'track', userId: 'gz-big', event: 'ok', messageId: 'gz-big-0' },
          { type: 'track', userId: 'gz-big', event: 'x', properties: { blob: 'z'.repeat(33_000) } },
        ],
      };
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        payload: gzipSync(JSON.stringify(body)),
        headers: { ...t.sdk, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().rejected.map((r: { index: number }) => r.index),
        [1],
      );
      assert.equal(await getStore().hasEvent('gz-big-0'), true);
    });
  });

  describe('identity', () => {
    it('merges anonymous activity into the user on identify', async () => {
      await post('/v1/page', { anonymousId: 'visitor-1', name: 'Pricing' });
      await post('/v1/page', { anonymousId: 'visitor-1', name: 'Pricing' });
      await post(
        '/v1/identify',
        { userId: 'dana', anonymousId: 'visitor-1', traits: { email: 'dana@acme.io' } },
        t.server,
      );
      await post('/v1/track', { anonymousId: 'visitor-1', event: 'Report Created' });
      const store = getStore();
      const profile = (await store.getProfile('dana'))!;
      assert.equal(profile.counters['Viewed Pricing Page'].count, 2);
      assert.equal(profile.counters['Report Created'].count, 1);
      assert.deepEqual(profile.anonymousIds, ['visitor-1']);
      assert.equal(await store.getProfile('anon:visitor-1'), null);
      assert.equal(await store.resolveProfileId('anon:visitor-1'), 'dana');
      assert.equal((await store.recentEvents('dana', 10)).length, 4);
    });
  });

  describe('back-pressure', () => {
    it('answers 429 with Retry-After while the write queue is full, and loses nothing', async () => {
      // Hold commits until released, so the queue is full for as long as the test needs.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const store = getStore();
      const held: Store = Object.assign(Object.create(store) as Store, {
        transaction: async (fn: Parameters<Store['transaction']>[0]) => {
          await gate;
          return store.transaction(fn);
        },
      });
      const small = await testApp(held, { writer: { maxQueued: 2 } });
      try {
        const batch = (n: number) => ({
          batch: [0, 1].map((i) => ({
            type: 'track',
            userId: 'bp',
            event: 'x',
            messageId: `bp-${n}-${i}`,
          })),
        });
        const first = small.app.inject({
          method: 'POST',
          url: '/v1/batch',
          payload: batch(1),
          headers: small.sdk,
        });
        while (small.writer.depth === 0) await new Promise((r) => setImmediate(r));
        const refused = await small.app.inject({
          method: 'POST',
          url: '/v1/batch',
          payload: batch(2),
          headers: small.sdk,
        });
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.headers['retry-after'], '1');
        release();
        assert.equal((await first).statusCode, 200);
        assert.equal(await store.hasEvent('bp-1-1'), true);
        assert.equal(await store.hasEvent('bp-2-0'), false);
      } finally {
        release();
        await small.app.close();
      }
    });
  });
});
