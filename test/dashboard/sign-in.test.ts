import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { hashPassword, verifyPassword } from '../../src/dashboard/password.js';
import { setupPathOf } from '../../src/dashboard/first-run.js';
import { SESSION_LIFETIME_MS } from '../../src/dashboard/sessions.js';
import { forEachStore } from '../support/test-stores.js';
import { testApp, type TestApp } from '../support/test-app.js';

const T = Date.UTC(2026, 2, 18, 12);
const HOST = 'cairn.test';
const ADMIN = { email: 'Ada@Example.com', password: 'correct horse battery' };
const VIEWER = { email: 'vic@example.com', password: 'viewer staple battery' };

it('hashes passwords with scrypt, salted, and verifies only the right one', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('x', 'bcrypt$whatever'), false);
});

forEachStore('dashboard sign-in, sessions, roles, CSRF and the audit log', (getStore) => {
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(T);
    t = await testApp(getStore(), { clock });
  });

  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { cookie?: string; csrf?: string; origin?: string; body?: unknown } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: HOST,
        ...(options.cookie && { cookie: options.cookie }),
        ...(options.csrf && { 'x-cairn-csrf': options.csrf }),
        ...(options.origin && { origin: options.origin }),
      },
      ...(options.body !== undefined && { payload: options.body as object }),
    });

  async function signIn(who: { email: string; password: string }) {
    const res = await call('POST', '/dashboard/session', { body: who, origin: `http://${HOST}` });
    assert.equal(res.statusCode, 200, res.body);
    const setCookie = String(res.headers['set-cookie']);
    const cookie = setCookie.split(';')[0]!;
    const session = (await call('GET', '/dashboard/session', { cookie })).json();
    return { cookie, csrf: session.csrfToken as string, setCookie, session };
  }

  it('serves the page at / and its bundle', async () => {
    const page = await call('GET', '/');
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /\/dashboard\/assets\/app\.js/);
    const js = await call('GET', '/dashboard/assets/app.js');
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /javascript/);
    assert.equal((await call('GET', '/dashboard/assets/..%2Fpackage.json')).statusCode, 404);
  });

  it('creates the first admin through the one-time set-up link, then refuses it', async () => {
    const path = setupPathOf(t.app);
    assert.ok(path, 'no member yet: a set-up link exists');
    assert.deepEqual((await call('GET', '/dashboard/session')).json(), {
      signedIn: false,
      setupNeeded: true,
    });
    const token = path.split('/').pop()!;
    const wrong = await call('POST', '/dashboard/setup', { body: { token: 'nope', ...ADMIN } });
    assert.equal(wrong.statusCode, 403);
    const weak = await call('POST', '/dashboard/setup', {
      body: { token, email: ADMIN.email, password: 'short' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.fields[0].field, 'password');
    const ok = await call('POST', '/dashboard/setup', { body: { token, ...ADMIN } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { email: 'ada@example.com', role: 'admin' });
    assert.equal(setupPathOf(t.app), null);
    const again = await call('POST', '/dashboard/setup', {
      body: { token, email: 'eve@example.com', password: 'another long one' },
    });
    assert.equal(again.statusCode, 403);
    await getStore().team.addMember({
      email: VIEWER.email,
      role: 'viewer',
      passwordHash: await hashPassword(VIEWER.password),
      createdAt: T,
    });
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie; wrong passwords and unknown emails get the same 401', async () => {
    const { setCookie, session } = await signIn(ADMIN);
    assert.match(
      setCookie,
      /^cairn_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    assert.equal(session.email, 'ada@example.com');
    assert.equal(session.role, 'admin');
    assert.equal(session.now, T);
    const wrong = await call('POST', '/dashboard/session', {
      body: { email: ADMIN.email, password: 'not the password' },
    });
    const unknown = await call('POST', '/dashboard/session', {
      body: { email: 'nobody@example.com', password: 'not the password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json().error.message, unknown.json().error.message);
    const bad = await call('POST', '/dashboard/session', { body: { email: 3 } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.fields.map((f: { field: string }) => f.field),
      ['email', 'password'],
    );
    const crossSite = await call('POST', '/dashboard/session', {
      body: ADMIN,
      origin: 'https://evil.example',
    });
    assert.equal(crossSite.statusCode, 403);
  });

  it('opens the admin API to a session; the admin key still works; no cookie and no key is a 401', async () => {
    const { cookie } = await signIn(VIEWER);
    assert.equal((await call('GET', '/api/users', { cookie })).statusCode, 200);
    assert.equal((await call('GET', '/api/users')).statusCode, 401);
    const byKey = await t.app.inject({ method: 'GET', url: '/api/users', headers: t.admin });
    assert.equal(byKey.statusCode, 200);
    assert.equal(
      (await call('GET', '/api/users', { cookie: 'cairn_session=forged' })).statusCode,
      401,
    );
  });

  it('refuses a change without the anti-forgery token or from another origin, and a viewer’s change', async () => {
    const admin = await signIn(ADMIN);
    const retry = '/api/messages/nope/retry';
    const noToken = await call('POST', retry, { cookie: admin.cookie });
    assert.equal(noToken.statusCode, 403);
    assert.equal(noToken.json().error.code, 'csrf');
    const wrongToken = await call('POST', retry, { cookie: admin.cookie, csrf: 'x'.repeat(32) });
    assert.equal(wrongToken.json().error.code, 'csrf');
    const crossOrigin = await call('POST', retry, {
      cookie: admin.cookie,
      csrf: admin.csrf,
      origin: 'https://evil.example',
    });
    assert.equal(crossOrigin.json().error.code, 'csrf');
    // With the token the request reaches the route (no such message: 404).
    const allowed = await call('POST', retry, { cookie: admin.cookie, csrf: admin.csrf });
    assert.equal(allowed.statusCode, 404);

    const viewer = await signIn(VIEWER);
    const refused = await call('POST', retry, { cookie: viewer.cookie, csrf: viewer.csrf });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'forbidden');
    const unsubscribe = await call('POST', '/api/users/u1/unsubscribe', {
      cookie: viewer.cookie,
      csrf: viewer.csrf,
      body: {},
    });
    assert.equal(unsubscribe.statusCode, 403);
    const erase = await call('DELETE', '/api/users/u1', {
      cookie: viewer.cookie,
      csrf: viewer.csrf,
    });
    assert.equal(erase.statusCode, 403);
    assert.equal(erase.json().error.code, 'forbidden');
    // The audit log is for admins.
    assert.equal(
      (await call('GET', '/dashboard/audit', { cookie: viewer.cookie })).statusCode,
      403,
    );
  });

  it('ends a session on sign-out (with the token) and when it expires', async () => {
    const s = await signIn(VIEWER);
    assert.equal(
      (await call('DELETE', '/dashboard/session', { cookie: s.cookie })).statusCode,
      403,
    );
    const out = await call('DELETE', '/dashboard/session', { cookie: s.cookie, csrf: s.csrf });
    assert.equal(out.statusCode, 200);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    assert.equal((await call('GET', '/api/users', { cookie: s.cookie })).statusCode, 401);

    const later = await signIn(VIEWER);
    clock.advance(SESSION_LIFETIME_MS - 1);
    assert.equal((await call('GET', '/api/users', { cookie: later.cookie })).statusCode, 200);
    clock.advance(1);
    assert.equal((await call('GET', '/api/users', { cookie: later.cookie })).statusCode, 401);
  });

  it('writes sign-ins, refusals and every admin-API change to the audit log, newest first', async () => {
    const admin = await signIn(ADMIN);
    await t.app.inject({ method: 'POST', url: '/api/messages/by-key/retry', headers: t.admin });
    const res = await call('GET', '/dashboard/audit', { cookie: admin.cookie });
    assert.equal(res.statusCode, 200);
    const entries = res.json().entries as { actor: string; action: string; status: number }[];
    const seen = entries.map((e) => `${e.actor} ${e.action} ${e.status}`);
    assert.equal(seen[0], 'key:admin POST /api/messages/:id/retry 404');
    assert.equal(seen[1], 'member:ada@example.com sign-in 200');
    for (const expected of [
      'member:ada@example.com first admin created (set-up link) 200',
      'member:ada@example.com sign-in refused 401',
      'member:nobody@example.com sign-in refused 401',
      'member:ada@example.com POST /api/messages/:id/retry 404',
      'member:vic@example.com sign-out 200',
    ]) {
      assert.ok(seen.includes(expected), `${expected} in ${JSON.stringify(seen)}`);
    }
    // Requests refused before reaching a route (CSRF, role) are not admin actions.
    assert.ok(!seen.some((s) => s.startsWith('member:vic@example.com POST /api/')));
  });
});
