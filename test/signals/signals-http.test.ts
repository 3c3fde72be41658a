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

forEachStore('GET /api/analytics/signal|audit|churn-risk', (getStore) => {
  let t: TestApp;
  before(async () => {
    const definitions = testDefinitions();
    await loadPopulation(getStore(), generatePopulation(5, 120), definitions);
    t = await testApp(getStore(), { definitions, clock: new FakeClock(NOW) });
  });
  const get = (url: string, headers = t.admin) => t.app.inject({ method: 'GET', url, headers });

  it('answers each signal with its parameters and definitions echoed', async () => {
    const rule = encodeURIComponent(
      JSON.stringify({
        first_performed: ['Report Created', 'Data Source Connected'],
        within_signup: '48h',
      }),
    );
    const signal = await get(`/api/analytics/signal?rule=${rule}&days=14&min_size=5`);
    assert.equal(signal.statusCode, 200, signal.body);
    const body = signal.json();
    assert.equal(body.metric, 'signal');
    assert.equal(body.filters.days, 14);
    assert.deepEqual(body.result.split.rule, {
      first_performed: ['Report Created', 'Data Source Connected'],
      within_signup: 172_800_000,
    });
    assert.deepEqual(
      body.result.groups.map((g: { key: string }) => g.key),
      ['matched', 'not_matched'],
    );
    assert.equal(
      body.result.groups[0].users + body.result.groups[1].users,
      body.result.population.users,
    );
    assert.ok(body.definitions.interval.includes('Newcombe'));

    const audit = await get('/api/analytics/audit?days=14&as_segment=role_signal');
    assert.equal(audit.statusCode, 200, audit.body);
    const a = audit.json().result;
    assert.ok(a.rows.length > 0);
    assert.equal(a.segment.name, 'role_signal');
    assert.match(a.segment.yaml, /^segments:\n {2}role_signal:\n/);

    const churn = await get('/api/analytics/churn-risk?unit=accounts&min_active=1');
    assert.equal(churn.statusCode, 200, churn.body);
    assert.equal(churn.json().result.unit, 'accounts');
  });

  it('refuses unknown and bad parameters with a 400 naming the field', async () => {
    assert.equal((await get('/api/analytics/audit', {})).statusCode, 401);
    const cases: [string, string][] = [
      ['/api/analytics/signal?colour=red', 'colour'],
      ['/api/analytics/signal', 'segment'], // no meaningful_first_48h in this workspace
      ['/api/analytics/signal?rule=%7Bnope', 'rule'],
      ['/api/analytics/signal?rule=' + encodeURIComponent('{"score":{"gte":3}}'), 'rule'],
      [
        '/api/analytics/signal?rule=' + encodeURIComponent('{"performed":"X"}') + '&window=30d',
        'window',
      ],
      [
        '/api/analytics/signal?rule=' + encodeURIComponent('{"performed":"X"}') + '&counts=0,11',
        'counts',
      ],
      ['/api/analytics/audit?share=0.9', 'share'],
      ['/api/analytics/audit?as_segment=9bad', 'as_segment'],
      ['/api/analytics/audit?row=x', 'row'],
      ['/api/analytics/audit?as_segment=ok&row=nope', 'row'],
      ['/api/analytics/churn-risk?segment=__proto__', 'segment'],
      ['/api/analytics/churn-risk?signal=score', 'signal'],
      ['/api/analytics/churn-risk?drop=2', 'drop'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().error.fields[0].field, field, url);
    }
  });
});
