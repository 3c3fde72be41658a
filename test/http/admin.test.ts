import { servedRoutes } from '../support/served-routes.js';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

forEachStore('admin API', (getStore: () => Store) => {
  let t: TestApp;
  const get = (url: string, headers = t.admin) => t.app.inject({ method: 'GET', url, headers });

  before(async () => {
    t = await testApp(getStore());
    const batch = [
      { type: 'identify', userId: 'ana', traits: { email: 'ana@acme.io', name: 'Ana Lima' } },
      { type: 'group', userId: 'ana', groupId: 'acme', traits: { name: 'Acme', seats: 40 } },
      { type: 'identify', userId: 'bob', traits: { email: 'bob@globex.io', name: 'Bob Stone' } },
      { type: 'group', userId: 'bob', groupId: 'acme' },
      ...Array.from({ length: 60 }, (_, i) => ({
        type: 'track',
        userId: 'ana',
        event: `Step ${i}`,
      })),
      ...Array.from({ length: 7 }, (_, i) => ({
        type: 'identify',
        userId: `user-${i}`,
        traits: { email: `u${i}@x.io` },
      })),
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      payload: { batch },
      // The product's backend: it sets email addresses.
      headers: t.server,
    });
    assert.equal(res.statusCode, 200, res.body);
  });
  after(async () => {
    await t.app.close();
  });

  it('requires the admin key', async () => {
    assert.equal((await get('/api/users/ana', {})).statusCode, 401);
    assert.equal((await get('/api/users/ana', { authorization: 'Bearer nope' })).statusCode, 401);
    assert.equal((await get('/api/users/ana', t.sdk)).statusCode, 401);
  });

  it('shows a profile with counters, accounts and the last 50 events, newest first', async () => {
    const res = await get('/api/users/ana');
    assert.equal(res.statusCode, 200);
    const user = res.json();
    assert.equal(user.traits.email, 'ana@acme.io');
    assert.equal(user.counters['Step 3'].count, 1);
    assert.match(user.counters['Step 3'].first, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.deepEqual(user.accountIds, ['acme']);
    assert.equal(user.accounts[0].traits.name, 'Acme');
    assert.equal(user.events.length, 50);
    assert.equal(user.events[0].event, 'Step 59');
    assert.ok(user.events[0].seq > user.events[1].seq);
  });

  it('answers 404 for an unknown user or account', async () => {
    const res = await get('/api/users/nobody');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
    assert.equal((await get('/api/accounts/nowhere')).statusCode, 404);
  });

  it('searches by id, email or name, paged by cursor', async () => {
    assert.deepEqual(
      (await get('/api/users?query=BOB@glo')).json().items.map((u: { id: string }) => u.id),
      ['bob'],
    );
    assert.deepEqual(
      (await get('/api/users?query=lima')).json().items.map((u: { id: string }) => u.id),
      ['ana'],
    );
    const first = (await get('/api/users?query=user-&limit=4')).json();
    assert.equal(first.items.length, 4);
    assert.ok(first.next);
    const second = (
      await get(`/api/users?query=user-&limit=4&after=${encodeURIComponent(first.next)}`)
    ).json();
    assert.equal(second.items.length, 3);
    assert.equal(second.next, null);
    const ids = [...first.items, ...second.items].map((u: { id: string }) => u.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, 7);
  });

  it('answers 400 naming a query parameter the route does not take', async () => {
    const users = await get('/api/users?q=kim');
    assert.equal(users.statusCode, 400);
    assert.equal(users.json().error.code, 'invalid_request');
    assert.deepEqual(users.json().error.fields, [
      {
        field: 'q',
        message:
          'unknown query parameter; this route takes query, segment, persona, milestone, inOrder, activated, signedUpFrom, signedUpTo, activeFrom, activeTo, activity, journey, step, stepState, limit, after',
      },
    ]);
    const messages = await get('/api/messages?user=kim');
    assert.equal(messages.statusCode, 400);
    assert.equal(messages.json().error.fields[0].field, 'user');
    const none = await get('/api/users/dana?verbose=1');
    assert.equal(none.statusCode, 400);
    assert.match(
      none.json().error.message,
      /verbose: unknown query parameter; this route takes none/,
    );
    // The declared ones still work.
    assert.equal((await get('/api/users?query=da&limit=1')).statusCode, 200);
  });

  it('filters the user list to the users behind a number, and names a malformed filter', async () => {
    const ana = (await get('/api/users/ana')).json();
    const day = ana.events[0].timestamp.slice(0, 10);
    const active = (await get(`/api/users?activeFrom=${day}&limit=500`)).json();
    // Only ana tracked events (identify calls are not activity).
    assert.deepEqual(
      active.items.map((u: { id: string }) => u.id),
      ['ana'],
    );
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    assert.deepEqual((await get(`/api/users?activeFrom=${next}`)).json().items, []);
    // ana's events are all "Step n": meaningful too.
    const meaningful = (await get(`/api/users?activeFrom=${day}&activity=meaningful`)).json();
    assert.deepEqual(
      meaningful.items.map((u: { id: string }) => u.id),
      ['ana'],
    );
    const signedUp = (await get(`/api/users?signedUpFrom=${day}&query=user-&limit=500`)).json();
    assert.equal(signedUp.items.length, 7);
    assert.deepEqual((await get('/api/users?milestone=none-such')).json().items, []);
    for (const [query, field] of [
      ['persona=technical', 'persona'],
      ['persona=path:', 'persona'],
      ['activated=yes', 'activated'],
      ['signedUpFrom=yesterday', 'signedUpFrom'],
      ['signedUpFrom=2026-03-02&signedUpTo=2026-03-01', 'signedUpTo'],
      ['activeTo=2026-03-01', 'activeTo'],
      ['activeFrom=2026-03-02&activeTo=2026-03-01', 'activeTo'],
      ['activeFrom=2026-3-2', 'activeFrom'],
      ['segment=', 'segment'],
      ['milestone=a&milestone=b', 'milestone'],
      ['milestone=a,,b', 'milestone'],
      ['inOrder=true', 'inOrder'],
      ['milestone=a&inOrder=yes', 'inOrder'],
      ['activity=meaningful', 'activity'],
      ['activeFrom=2026-03-02&activity=some', 'activity'],
      ['journey=day_1', 'step'],
      ['step=first_login', 'journey'],
      ['stepState=at', 'stepState'],
      ['journey=day_1&step=first_login&stepState=gone', 'stepState'],
    ]) {
      const res = await get(`/api/users?${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().error.fields[0].field, field, query);
    }
  });

  it('validates paging parameters', async () => {
    const res = await get('/api/users?limit=0');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.fields[0].field, 'limit');
  });

  it('shows an account with its members', async () => {
    const res = await get('/api/accounts/acme?limit=1');
    assert.equal(res.statusCode, 200);
    const account = res.json();
    assert.equal(account.memberCount, 2);
    assert.equal(account.traits.seats, 40);
    assert.equal(account.members.items.length, 1);
    assert.ok(account.members.next);
  });

  it('reports health without a key', async () => {
    const res = await get('/api/health', {});
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
    assert.equal(res.json().store, getStore().capabilities.dialect);
    assert.equal(res.json().demo, false, 'not a simulated demo history');
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json', {})).json();
    assert.equal(doc.openapi, '3.1.0');
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const described = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    for (const route of described) {
      const [method, url] = route.split(' ');
      assert.ok(
        t.app.hasRoute({ method: method as 'GET', url }),
        `described but not served: ${route}`,
      );
    }
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }))
      // OPTIONS answers CORS preflights; `/` and `/dashboard/*` are the dashboard's page and its
      // session endpoints (docs/dashboard.md), not the API.
      .filter((r) => r.method !== 'OPTIONS' && r.path !== '/' && !r.path.startsWith('/dashboard/'))
      .map((r) => `${r.method} ${r.path}`);
    assert.ok(served.includes('GET /api/users/:id'));
    for (const route of served)
      assert.ok(described.includes(route), `served but not described: ${route}`);
  });
});
