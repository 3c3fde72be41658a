import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import type { Store } from '../../src/store/store.js';
import { SERVER_WRITE_KEY, testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

/** The published Segment client, unchanged, pointed at a listening Cairn. */
forEachStore('@segment/analytics-node against a running Cairn', (getStore: () => Store) => {
  let t: TestApp;
  let host: string;
  before(async () => {
    t = await testApp(getStore());
    host = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await t.app.close();
  });

  it('delivers a few hundred calls through /v1/batch, all stored', async () => {
    // analytics-node runs on a backend: it holds the server write key.
    const analytics = new Analytics({
      writeKey: SERVER_WRITE_KEY,
      host,
      flushAt: 40,
      maxRetries: 3,
    });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    const requests: string[] = [];
    analytics.on('http_request', (request) => requests.push(request.url));

    const users = Array.from({ length: 30 }, (_, i) => `sdk-user-${i}`);
    for (const userId of users) {
      analytics.identify({
        userId,
        anonymousId: `sdk-anon-${userId}`,
        traits: { email: `${userId}@acme.io`, plan: 'trial' },
      });
      analytics.group({ userId, groupId: 'sdk-acme', traits: { name: 'Acme', seats: 40 } });
      analytics.page({ userId, name: 'Pricing', properties: { path: '/pricing' } });
      for (let i = 0; i < 7; i++) {
        analytics.track({
          userId,
          event: 'Task Completed',
          properties: { index: i },
          context: { groupId: 'sdk-acme' },
        });
      }
    }
    await analytics.closeAndFlush({ timeout: 30_000 });

    assert.deepEqual(failures, []);
    assert.ok(requests.length >= 300 / 40, `batched into ${requests.length} requests`);
    assert.ok(requests.every((url) => url.endsWith('/v1/batch')));
    const store = getStore();
    for (const userId of users) {
      const profile = (await store.getProfile(userId))!;
      assert.equal(profile.traits.email, `${userId}@acme.io`);
      assert.equal(profile.counters['Task Completed'].count, 7);
      assert.equal(profile.counters['Viewed Pricing Page'].count, 1);
      assert.deepEqual(profile.accounts, ['sdk-acme']);
    }
    const account = (await store.getAccount('sdk-acme'))!;
    assert.equal(account.memberCount, users.length);
    assert.equal(account.counters['Task Completed'].count, users.length * 7);
    const events = await store.readEvents(0, 1000);
    assert.equal(events.filter((e) => e.userId?.startsWith('sdk-user-')).length, users.length * 10);
    assert.ok(events.every((e) => e.sentAt !== null && e.originalTimestamp !== null));
  });
});
