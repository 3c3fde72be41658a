import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import Analytics from '@rudderstack/rudder-sdk-node';
import type { Store } from '../../src/store/store.js';
import { SERVER_WRITE_KEY, testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

/**
 * RudderStack's Node SDK, unchanged and with its defaults (gzip on, `/v1/batch`), pointed at a
 * listening Cairn: it labels its gzipped JSON `application/x-www-form-urlencoded`.
 */
forEachStore('@rudderstack/rudder-sdk-node against a running Cairn', (getStore: () => Store) => {
  let t: TestApp;
  let dataPlaneUrl: string;
  const seen: { url: string; type?: string; encoding?: string; status?: number }[] = [];
  before(async () => {
    t = await testApp(getStore());
    t.app.addHook('onResponse', async (request, reply) => {
      seen.push({
        url: request.url,
        type: request.headers['content-type'],
        encoding: request.headers['content-encoding'],
        status: reply.statusCode,
      });
    });
    dataPlaneUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await t.app.close();
  });

  it('delivers identify, group, page, screen, track and alias calls, all stored', async () => {
    const errors: unknown[] = [];
    // A backend SDK: the server write key (it sends email and alias).
    const client = new Analytics(SERVER_WRITE_KEY, {
      dataPlaneUrl,
      errorHandler: (error) => errors.push(error),
    });
    const users = Array.from({ length: 12 }, (_, i) => `rs-user-${i}`);
    for (const userId of users) {
      client.identify({ userId, traits: { email: `${userId}@acme.io`, plan: 'trial' } });
      client.group({ userId, groupId: 'rs-acme', traits: { name: 'Acme' } });
      client.page({ userId, name: 'Pricing', properties: { path: '/pricing' } });
      client.screen({ userId, name: 'Dashboard' });
      for (let i = 0; i < 3; i++) {
        client.track({ userId, event: 'Task Completed', properties: { index: i } });
      }
    }
    client.alias({ userId: 'rs-user-0', previousId: 'rs-anon-0' });
    await client.flush();

    assert.deepEqual(errors, []);
    assert.ok(seen.length > 0, 'the SDK sent nothing');
    for (const request of seen) {
      assert.equal(request.url, '/v1/batch');
      assert.equal(request.status, 200);
      // What makes this SDK different from analytics-node: the label and the compression.
      assert.equal(request.encoding, 'gzip');
      assert.match(String(request.type), /application\/x-www-form-urlencoded/);
    }
    const store = getStore();
    for (const userId of users) {
      const profile = (await store.getProfile(userId))!;
      assert.equal(profile.traits.email, `${userId}@acme.io`);
      assert.equal(profile.counters['Task Completed'].count, 3);
      assert.equal(profile.counters['Viewed Pricing Page'].count, 1);
      assert.deepEqual(profile.accounts, ['rs-acme']);
    }
    const events = (await store.readEvents(0, 10_000)).filter((e) =>
      String(e.userId).startsWith('rs-user-'),
    );
    const types = (type: string) => events.filter((e) => e.type === type).length;
    assert.equal(types('identify'), users.length);
    assert.equal(types('group'), users.length);
    assert.equal(types('page'), users.length);
    assert.equal(types('screen'), users.length);
    assert.equal(types('track'), users.length * 3);
    assert.equal(types('alias'), 1);
  });
});
