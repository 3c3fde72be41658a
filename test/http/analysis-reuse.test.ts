import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { forEachStore } from '../support/test-stores.js';
import { testApp, type TestApp } from '../support/test-app.js';
import {
  NOW,
  generatePopulation,
  loadPopulation,
  testDefinitions,
} from '../analytics/population.js';

const SECOND = 1000;

forEachStore('analysis answers reused within CAIRN_ANALYSIS_MAX_AGE_SECONDS', (getStore) => {
  let t: TestApp;
  before(async () => {
    const definitions = testDefinitions();
    await loadPopulation(getStore(), generatePopulation(11, 60), definitions);
    t = await testApp(getStore(), {
      definitions,
      clock: new FakeClock(NOW),
      analysisMaxAgeSeconds: 60,
    });
  });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.admin });
  const signUp = (userId: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: {
        userId,
        event: 'Signed Up',
        timestamp: new Date(t.clock.now() - 1000).toISOString(),
      },
    });
  const users = (body: { result: { overall: { users: number } } }) => body.result.overall.users;

  it('serves the stored answer while at most max age old, with when it was computed', async () => {
    const url = '/api/analytics/activation?from=2025-12-01';
    const first = (await get(url)).json();
    assert.equal(first.computedAt, new Date(t.clock.now()).toISOString());
    assert.equal((await signUp('reuse-1')).statusCode, 200);
    await t.writer.flush();
    t.clock.advance(60 * SECOND);
    const reused = (await get(url)).json();
    assert.deepEqual(reused, first, 'the same answer, a minute old at most');
    // The same parameters in another order are the same answer.
    const ordered = (await get('/api/analytics/activation?from=2025-12-01&min_size=1')).json();
    t.clock.advance(SECOND);
    const reordered = (await get('/api/analytics/activation?min_size=1&from=2025-12-01')).json();
    assert.deepEqual(reordered, ordered);
    t.clock.advance(-SECOND);
    t.clock.advance(1);
    const fresh = (await get(url)).json();
    assert.equal(fresh.computedAt, new Date(t.clock.now()).toISOString());
    assert.equal(users(fresh), users(first) + 1, 'past max age the new sign-up counts');
  });

  it('keeps answers to different parameters apart, and never keeps a 400', async () => {
    const all = (await get('/api/analytics/activation')).json();
    const since = (await get('/api/analytics/activation?from=2026-01-01')).json();
    assert.notDeepEqual(all.range, since.range);
    for (let i = 0; i < 2; i++) {
      const bad = await get('/api/analytics/retention?mode=sometimes');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.fields[0].field, 'mode');
    }
  });

  it('every analysis route says when its answer was computed', async () => {
    const now = new Date(t.clock.now()).toISOString();
    for (const route of ['overview', 'retention', 'lift', 'audit', 'churn-risk']) {
      const res = await get(`/api/analytics/${route}`);
      assert.equal(res.statusCode, 200, `${route}: ${res.body}`);
      assert.equal(res.json().computedAt, now, route);
    }
  });

  it('a filtered user list is kept for a minute like an analysis; a plain search is read each time', async () => {
    const url = '/api/users?signedUpFrom=2026-03-01&limit=500';
    const first = (await get(url)).json();
    assert.equal(first.computedAt, new Date(t.clock.now()).toISOString());
    // The same page as an app keeping nothing (the store's filter, tested against plain code
    // in the store contract tests).
    const plain = await testApp(getStore(), {
      definitions: t.workspace.definitions!,
      clock: t.clock,
    });
    const computed = (await plain.app.inject({ method: 'GET', url, headers: plain.admin })).json();
    await plain.app.close();
    assert.deepEqual(first.items, computed.items);
    assert.equal(computed.computedAt, undefined);
    assert.equal((await signUp('reuse-list')).statusCode, 200);
    await t.writer.flush();
    t.clock.advance(30 * SECOND);
    assert.deepEqual((await get(url)).json(), first, 'within the minute: the kept page');
    const search = (await get('/api/users?query=reuse-list')).json();
    assert.deepEqual(
      search.items.map((u: { id: string }) => u.id),
      ['reuse-list'],
      'a search is read at once',
    );
    assert.equal(search.computedAt, undefined);
    t.clock.advance(31 * SECOND);
    const fresh = (await get(url)).json();
    assert.equal(fresh.computedAt, new Date(t.clock.now()).toISOString());
    assert.ok(
      fresh.items.some((u: { id: string }) => u.id === 'reuse-list'),
      'past the minute',
    );
  });

  it('a reload of the definitions drops the stored answers', async () => {
    const url = '/api/analytics/activation?from=2025-11-01';
    const first = (await get(url)).json();
    assert.equal((await signUp('reuse-2')).statusCode, 200);
    await t.writer.flush();
    t.clock.advance(SECOND);
    assert.deepEqual((await get(url)).json(), first);
    t.workspace.replace({ ...t.workspace.definitions!, version: 'reloaded' });
    const after = (await get(url)).json();
    assert.equal(after.computedAt, new Date(t.clock.now()).toISOString());
    assert.equal(users(after), users(first) + 1);
  });

  it('an app started with warmAnswers computes the overview once ready, as cairn serve does', async () => {
    const clock = new FakeClock(NOW);
    const started = await testApp(getStore(), {
      definitions: t.workspace.definitions!,
      clock,
      analysisMaxAgeSeconds: 60,
      warmAnswers: true,
    });
    await started.app.ready();
    clock.advance(SECOND);
    const res = await started.app.inject({
      method: 'GET',
      url: '/api/analytics/overview',
      headers: started.admin,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().computedAt, new Date(NOW).toISOString(), 'computed at start');
    await started.app.close();
  });
  it('a kept answer past max age is sent at once to an asker taking it stale, then renewed', async () => {
    const url = '/api/analytics/activation?from=2025-10-01';
    const first = (await get(url)).json();
    assert.equal(first.stale, undefined, 'a fresh answer says nothing of staleness');
    assert.equal((await signUp('reuse-stale')).statusCode, 200);
    await t.writer.flush();
    t.clock.advance(11 * 60 * SECOND); // an idle spell: the answer is 11 minutes old
    const staleOk = { ...t.admin, 'cache-control': 'max-stale' };
    const stale = await t.app.inject({ method: 'GET', url, headers: staleOk });
    assert.equal(stale.statusCode, 200);
    assert.deepEqual(stale.json(), { ...first, stale: true }, 'the kept answer, marked stale');
    // Within a bound it does not reach (10 minutes past max age), it is computed for the request.
    const bounded = await t.app.inject({
      method: 'GET',
      url,
      headers: { ...t.admin, 'cache-control': 'no-cache, max-stale=60' },
    });
    const fresh = bounded.json();
    assert.equal(fresh.stale, undefined);
    assert.equal(fresh.computedAt, new Date(t.clock.now()).toISOString());
    assert.equal(users(fresh), users(first) + 1, 'the new sign-up counts');
    // The renewal started by the stale request left the new answer: a plain request reads it.
    assert.deepEqual((await get(url)).json(), fresh);

    // The journeys page's lift, and the users behind a number, the same way.
    const journeys = (await get('/api/journeys')).json();
    assert.equal(journeys.liftStale, undefined);
    t.clock.advance(11 * 60 * SECOND);
    const staleJourneys = (
      await t.app.inject({ method: 'GET', url: '/api/journeys', headers: staleOk })
    ).json();
    assert.equal(staleJourneys.liftStale, true);
    assert.equal(staleJourneys.liftComputedAt, journeys.liftComputedAt);
    const renewed = (await get('/api/journeys')).json();
    assert.equal(renewed.liftStale, undefined);
    assert.equal(renewed.liftComputedAt, new Date(t.clock.now()).toISOString());
    const list = '/api/users?signedUpFrom=2026-02-01&limit=5';
    const kept = (await get(list)).json();
    t.clock.advance(2 * 60 * SECOND);
    const staleList = (await t.app.inject({ method: 'GET', url: list, headers: staleOk })).json();
    assert.deepEqual(staleList, { ...kept, stale: true });
  });
});
