import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { forEachStore } from '../support/test-stores.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { DAY, NOW, generatePopulation, loadPopulation, testDefinitions } from './population.js';

forEachStore('GET /api/analytics/*', (getStore) => {
  let t: TestApp;
  before(async () => {
    const definitions = testDefinitions();
    await loadPopulation(getStore(), generatePopulation(7, 120), definitions);
    t = await testApp(getStore(), { definitions, clock: new FakeClock(NOW) });
  });
  const get = (url: string, headers = t.admin) => t.app.inject({ method: 'GET', url, headers });

  it('answers each metric with the range, filters and definitions it used', async () => {
    for (const metric of [
      'activation',
      'conversion',
      'retention',
      'adoption',
      'lifecycle',
      'messages',
    ]) {
      const res = await get(`/api/analytics/${metric}`);
      assert.equal(res.statusCode, 200, `${metric}: ${res.body}`);
      const body = res.json();
      assert.equal(body.metric, metric);
      assert.equal(body.asOf, new Date(NOW).toISOString());
      assert.ok(body.filters && body.definitions && body.result, metric);
    }
    const p3 = (
      await get('/api/analytics/activation?by=persona.path&from=2025-12-01&min_size=5')
    ).json();
    assert.deepEqual(
      p3.result.groups.map((g: { key: string }) => g.key),
      ['business', 'executive', 'technical'],
    );
  });

  it('needs the admin key, and refuses unknown, repeated and malformed parameters with a 400 naming the field', async () => {
    assert.equal((await get('/api/analytics/activation', {})).statusCode, 401);
    const unknown = await get('/api/analytics/retention?colour=red');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.fields[0].field, 'colour');
    const repeated = await get('/api/analytics/retention?period=week&period=day');
    assert.equal(repeated.json().error.fields[0].field, 'period');
    const bad = await get('/api/analytics/retention?mode=sometimes');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /^mode: expected one of on, on_or_after/);
    assert.equal((await get('/api/analytics/__proto__')).statusCode, 404);
  });

  it("the overview answers the dashboard's seven figures at once, each equal to its own route's", async () => {
    const res = await get('/api/analytics/overview');
    assert.equal(res.statusCode, 200, res.body);
    const overview = res.json();
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const [to, from, previousFrom] = [day(NOW + DAY), day(NOW - 29 * DAY), day(NOW - 59 * DAY)];
    assert.deepEqual(overview.range, { from, to, previousFrom });
    const one = async (url: string) => (await get(url)).json();
    for (const metric of ['activation', 'conversion', 'messages']) {
      assert.deepEqual(
        overview.current[metric],
        await one(`/api/analytics/${metric}?from=${from}&to=${to}`),
      );
      assert.deepEqual(
        overview.previous[metric],
        await one(`/api/analytics/${metric}?from=${previousFrom}&to=${from}`),
      );
    }
    assert.ok(overview.current.activation.result.overall.users > 0);
    assert.deepEqual(overview.retention, await one('/api/analytics/retention'));
    const unknown = await get('/api/analytics/overview?from=2026-01-01');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.fields[0].field, 'from');
    assert.equal((await get('/api/analytics/overview', {})).statusCode, 401);
  });

  it('counts an event accepted a moment ago', async () => {
    const before = (await get('/api/analytics/activation?from=2025-12-01')).json();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: {
        userId: 'new-user',
        event: 'Signed Up',
        timestamp: new Date(NOW - 1000).toISOString(),
      },
    });
    assert.equal(res.statusCode, 200);
    await t.writer.flush();
    const after = (await get('/api/analytics/activation?from=2025-12-01')).json();
    assert.equal(after.result.overall.users, before.result.overall.users + 1);
  });
});
