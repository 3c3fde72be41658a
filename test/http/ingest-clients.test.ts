import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { testApp, WRITE_KEY, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

/** What browser and server SDKs send besides analytics-node's plain JSON (real clients:
 * rudderstack-node.test.ts, analytics-next-browser.test.ts). */
forEachStore('ingest reads what the SDKs send', (getStore: () => Store) => {
  let t: TestApp;
  let restricted: TestApp;
  before(async () => {
    t = await testApp(getStore());
    restricted = await testApp(getStore(), { ingestOrigins: ['https://app.example.com'] });
  });
  after(async () => {
    await t.app.close();
    await restricted.app.close();
  });

  const eventsOf = async (userId: string) =>
    (await getStore().readEvents(0, 10_000)).filter((e) => e.userId === userId);

  describe('bodies', () => {
    it('reads gzipped JSON labelled form-urlencoded, as the RudderStack Node SDK sends', async () => {
      const body = { batch: [{ type: 'track', userId: 'rs-1', event: 'Form Labelled' }] };
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        payload: gzipSync(JSON.stringify(body)),
        headers: {
          ...t.sdk,
          'content-type': 'application/x-www-form-urlencoded',
          'content-encoding': 'gzip',
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        (await eventsOf('rs-1')).map((e) => e.event),
        ['Form Labelled'],
      );
    });

    it('reads text/plain, deflate, and bodies with no content type at all', async () => {
      const cases: [string, Record<string, string>, string | Buffer][] = [
        ['Plain', { 'content-type': 'text/plain;charset=UTF-8' }, ''],
        ['Deflated', { 'content-type': 'application/json', 'content-encoding': 'deflate' }, ''],
        ['Unlabelled', {}, ''],
      ];
      for (const [event, headers] of cases) {
        const json = JSON.stringify({ userId: 'labels', event });
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/track',
          payload: headers['content-encoding'] ? deflateSync(json) : json,
          headers: { ...t.sdk, ...headers },
        });
        assert.equal(res.statusCode, 200, `${event}: ${res.body}`);
      }
      assert.deepEqual(
        (await eventsOf('labels')).map((e) => e.event),
        ['Plain', 'Deflated', 'Unlabelled'],
      );
    });

    it('answers 400 invalid_json to a form body that is not JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: 'userId=kim&event=x',
        headers: { ...t.sdk, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'invalid_json');
    });
  });

  describe("analytics.js's short paths", () => {
    it('takes /v1/t /p /i /g /a /s as the calls they stand for, and /v1/b as a batch', async () => {
      const calls: [string, object][] = [
        ['/v1/i', { userId: 'short', traits: { email: 'short@acme.io' } }],
        ['/v1/p', { userId: 'short', name: 'Home' }],
        ['/v1/s', { userId: 'short', name: 'Settings' }],
        ['/v1/g', { userId: 'short', groupId: 'short-co' }],
        ['/v1/t', { userId: 'short', event: 'Short Tracked' }],
        ['/v1/a', { userId: 'short', previousId: 'short-anon' }],
        ['/v1/b', { batch: [{ type: 'track', userId: 'short', event: 'Short Batched' }] }],
      ];
      for (const [url, body] of calls) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          payload: JSON.stringify(body),
          // Alias and contact points need the server key (the public key's scope is tested apart).
          headers: { ...t.server, 'content-type': 'text/plain' },
        });
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      }
      assert.deepEqual(
        (await eventsOf('short')).map((e) => e.type),
        ['identify', 'page', 'screen', 'group', 'track', 'alias', 'track'],
      );
    });

    it('keeps the write key check on the short paths', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/t',
        payload: { userId: 'short', event: 'x' },
      });
      assert.equal(res.statusCode, 401);
    });
  });

  describe('CORS', () => {
    const preflight = (app: TestApp, url: string, origin: string) =>
      app.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });

    it('answers preflights on /v1/* and allows any origin by default', async () => {
      for (const url of ['/v1/t', '/v1/batch', `/v1/projects/${WRITE_KEY}/settings`]) {
        const res = await preflight(t, url, 'https://shop.example.org');
        assert.equal(res.statusCode, 204, url);
        assert.equal(res.headers['access-control-allow-origin'], 'https://shop.example.org');
        assert.match(String(res.headers['access-control-allow-methods']), /POST/);
        assert.match(String(res.headers['access-control-allow-headers']), /authorization/);
      }
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: { userId: 'cors', event: 'x' },
        headers: { ...t.sdk, origin: 'https://shop.example.org' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://shop.example.org');
    });

    it('refuses other origins with 403 when CAIRN_INGEST_ORIGINS lists some', async () => {
      const allowed = await preflight(restricted, '/v1/t', 'https://app.example.com');
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
      const res = await restricted.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: { userId: 'cors-refused', event: 'x' },
        headers: { ...restricted.sdk, origin: 'https://evil.example.net' },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'origin_not_allowed');
      assert.deepEqual(await eventsOf('cors-refused'), []);
      // Server SDKs send no Origin and are not affected.
      const server = await restricted.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: { userId: 'cors-server', event: 'x' },
        headers: restricted.sdk,
      });
      assert.equal(server.statusCode, 200);
    });

    it('leaves the in-app API its own CORS answers', async () => {
      const res = await preflight(t, '/v1/inapp/messages', 'https://shop.example.org');
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-allow-headers']), /x-cairn-user/i);
    });
  });

  describe('GET /v1/projects/:writeKey/settings', () => {
    it('sends analytics.js to this Cairn, at the address the page reached it', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/projects/${WRITE_KEY}/settings`,
        headers: { host: 'cairn.example.com:8080', origin: 'https://shop.example.org' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://shop.example.org');
      const settings = res.json();
      assert.deepEqual(Object.keys(settings.integrations), ['Segment.io']);
      assert.equal(settings.integrations['Segment.io'].apiKey, WRITE_KEY);
      assert.equal(settings.integrations['Segment.io'].apiHost, 'cairn.example.com:8080/v1');
      assert.equal(settings.integrations['Segment.io'].protocol, 'http');
      assert.equal(settings.metrics.sampleRate, 0);
    });

    it('answers 404 for a key it does not know', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/projects/wk_nope/settings' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'not_found');
    });
  });
});
