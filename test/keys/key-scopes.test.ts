import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { userHash } from '../../src/consent/user-hash.js';
import type { Store } from '../../src/store/store.js';
import { basicAuth, testApp, WORKSPACE_SECRET, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

/**
 * The attacks of a page visitor who read the public write key from analytics.js: merging a
 * victim's profile into their own (alias) and redirecting a victim's email (identify). The
 * public key is refused both, with a 403 naming the field; the server key may do both; a
 * browser identify may set a contact point with identity verification (context.userHash).
 */
forEachStore('what the public write key may not do', (getStore: () => Store) => {
  let t: TestApp;
  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const oldSecret = 'ws_the_secret_before_rotation_0001';

  before(async () => {
    t = await testApp(getStore(), {
      previousSecrets: [{ secret: oldSecret, until: Date.UTC(2026, 0, 10) }],
    });
    // The victim, set up by the product's backend.
    const res = await post(
      '/v1/identify',
      { userId: 'victim', traits: { email: 'victim@acme.test', plan: 'pro' } },
      t.server,
    );
    assert.equal(res.statusCode, 200, res.body);
    await post('/v1/track', { userId: 'victim', event: 'Report Created' }, t.server);
    await post('/v1/identify', { userId: 'attacker', traits: { email: 'evil@x.test' } }, t.server);
  });
  after(async () => t.app.close());

  it('refuses alias with the public key (403 naming the field): no takeover', async () => {
    const res = await post('/v1/alias', { userId: 'attacker', previousId: 'victim' }, t.sdk);
    assert.equal(res.statusCode, 403);
    const body = res.json();
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.error.fields[0].field, 'type');
    assert.match(body.error.fields[0].message, /server write key/);
    const store = getStore();
    assert.equal(await store.resolveProfileId('victim'), 'victim');
    assert.equal((await store.getProfile('victim'))!.traits.email, 'victim@acme.test');
    assert.equal((await store.getProfile('victim'))!.counters['Report Created'].count, 1);
    assert.equal(
      (await store.recentEvents('attacker', 10)).some((e) => e.type === 'alias'),
      false,
    );
  });

  it('refuses an identify that sets email or phone with the public key', async () => {
    for (const traits of [{ email: 'evil@x.test' }, { phone: '+15550100' }, { email: null }]) {
      const res = await post('/v1/identify', { userId: 'victim', traits }, t.sdk);
      assert.equal(res.statusCode, 403, JSON.stringify(traits));
      const [name] = Object.keys(traits);
      assert.equal(res.json().error.fields[0].field, `traits.${name}`);
    }
    const wrongHash = userHash(WORKSPACE_SECRET, 'attacker');
    const res = await post(
      '/v1/identify',
      { userId: 'victim', traits: { email: 'evil@x.test' }, context: { userHash: wrongHash } },
      t.sdk,
    );
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error.message, /context\.userHash is not the HMAC-SHA256/);
    assert.equal((await getStore().getProfile('victim'))!.traits.email, 'victim@acme.test');
  });

  it('accepts traits that are not contact points, and track, page, screen, group', async () => {
    for (const [url, body] of [
      ['/v1/identify', { userId: 'victim', traits: { plan: 'team', first_name: 'Vic' } }],
      ['/v1/track', { userId: 'victim', event: 'Logged In' }],
      ['/v1/page', { userId: 'victim', name: 'Pricing' }],
      ['/v1/screen', { userId: 'victim', name: 'Home' }],
      ['/v1/group', { userId: 'victim', groupId: 'acme', traits: { email: 'billing@acme.test' } }],
    ] as const) {
      const res = await post(url, body, t.sdk);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
    const profile = (await getStore().getProfile('victim'))!;
    assert.equal(profile.traits.plan, 'team');
    assert.equal(profile.traits.email, 'victim@acme.test');
  });

  it('accepts a contact point from a browser with a valid user hash, and never stores the hash', async () => {
    const hash = userHash(WORKSPACE_SECRET, 'browser-user');
    const res = await post(
      '/v1/identify',
      {
        userId: 'browser-user',
        traits: { email: 'me@acme.test' },
        context: { userHash: hash, locale: 'en' },
      },
      t.sdk,
    );
    assert.equal(res.statusCode, 200, res.body);
    const store = getStore();
    assert.equal((await store.getProfile('browser-user'))!.traits.email, 'me@acme.test');
    const [event] = await store.recentEvents('browser-user', 1);
    assert.deepEqual(event.context, { locale: 'en' });
    // A hash made with the secret replaced by a rotation works until its grace period ends.
    const old = userHash(oldSecret, 'browser-user');
    const during = await post(
      '/v1/identify',
      { userId: 'browser-user', traits: { email: 'me2@acme.test' }, context: { userHash: old } },
      t.sdk,
    );
    assert.equal(during.statusCode, 200, during.body);
    t.clock.set(Date.UTC(2026, 0, 10));
    const afterGrace = await post(
      '/v1/identify',
      { userId: 'browser-user', traits: { email: 'me3@acme.test' }, context: { userHash: old } },
      t.sdk,
    );
    assert.equal(afterGrace.statusCode, 403);
    assert.equal((await store.getProfile('browser-user'))!.traits.email, 'me2@acme.test');
  });

  it('lets the server key alias and set contact points', async () => {
    const res = await post('/v1/alias', { userId: 'victim', previousId: 'victim-old' }, t.server);
    assert.equal(res.statusCode, 200, res.body);
    const id = await post(
      '/v1/identify',
      { userId: 'victim', traits: { email: 'new@acme.test' } },
      t.server,
    );
    assert.equal(id.statusCode, 200);
    assert.equal((await getStore().getProfile('victim'))!.traits.email, 'new@acme.test');
  });

  describe('in a batch', () => {
    it('refuses each forbidden call with its own error and stores the others', async () => {
      const batch = [
        { type: 'track', userId: 'mixed', event: 'One' },
        { type: 'alias', userId: 'attacker', previousId: 'mixed' },
        { type: 'identify', userId: 'mixed', traits: { email: 'evil@x.test' } },
        { type: 'identify', userId: 'mixed', traits: { plan: 'free' } },
        { type: 'track', userId: 'mixed', event: 'Two' },
      ];
      const res = await post('/v1/batch', { batch }, t.sdk);
      assert.equal(res.statusCode, 403);
      const body = res.json();
      assert.equal(body.error.code, 'forbidden_events');
      assert.equal(body.stored, 3);
      assert.deepEqual(
        body.rejected.map((r: { index: number; errors: { field: string }[] }) => [
          r.index,
          r.errors.map((e) => e.field),
        ]),
        [
          [1, ['batch[1].type']],
          [2, ['batch[2].traits.email']],
        ],
      );
      const events = await getStore().recentEvents('mixed', 10);
      assert.deepEqual(events.map((e) => e.event ?? e.type).sort(), ['One', 'Two', 'identify']);
      assert.equal((await getStore().getProfile('mixed'))!.traits.email, undefined);
      // An invalid event among them makes it a 400, each rejected one still named.
      const mixed = await post(
        '/v1/batch',
        { batch: [{ type: 'track', userId: 'mixed' }, batch[1]] },
        t.sdk,
      );
      assert.equal(mixed.statusCode, 400);
      assert.equal(mixed.json().rejected.length, 2);
    });

    it('takes the key from the body when there is no header, scoped the same', async () => {
      const refused = await post(
        '/v1/batch',
        { writeKey: 'wk_test', batch: [{ type: 'alias', userId: 'a', previousId: 'victim' }] },
        {},
      );
      assert.equal(refused.statusCode, 403);
      const allowed = await post(
        '/v1/batch',
        { writeKey: 'sk_test', batch: [{ type: 'alias', userId: 'b-new', previousId: 'b-old' }] },
        {},
      );
      assert.equal(allowed.statusCode, 200, allowed.body);
      const wrong = await post('/v1/track', { userId: 'x', event: 'E' }, basicAuth('wk_wrong'));
      assert.equal(wrong.statusCode, 401);
    });
  });
});
