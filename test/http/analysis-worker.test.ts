import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { WorkerRunner } from '../../src/http/analyses/worker-runner.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import {
  NOW,
  generatePopulation,
  loadPopulation,
  testDefinitions,
} from '../analytics/population.js';
import { testApp, type TestApp } from '../support/test-app.js';

/** Every analysis route, with parameters that group, filter and fail. */
const URLS = [
  '/api/analytics/overview',
  '/api/analytics/activation?by=persona.path&min_size=1',
  '/api/analytics/conversion',
  '/api/analytics/retention?period=week&by=none&min_size=1',
  '/api/analytics/adoption',
  '/api/analytics/lifecycle',
  '/api/analytics/messages',
  '/api/analytics/lift',
  '/api/analytics/signal?days=30',
  '/api/analytics/audit?unit=users&days=30',
  '/api/analytics/churn-risk?unit=users',
  '/api/analytics/retention?mode=sometimes',
  '/api/analytics/audit?unit=teams',
];

describe('analyses computed in a worker thread on the SQLite file (cairn serve)', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;
  let here: TestApp;
  let there: TestApp;
  let runner: WorkerRunner;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-analysis-worker-'));
    file = join(dir, 'cairn.db');
    store = SqliteStore.open({ file });
    await store.migrate();
    const definitions = testDefinitions();
    await loadPopulation(store, generatePopulation(23, 80), definitions);
    runner = new WorkerRunner({ file });
    here = await testApp(store, { definitions, clock: new FakeClock(NOW) });
    there = await testApp(store, {
      definitions,
      clock: new FakeClock(NOW),
      analyses: runner,
      analysisMaxAgeSeconds: 60,
    });
  });

  after(async () => {
    await there?.app.close();
    await here?.app.close();
    await runner?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (t: TestApp, url: string) => t.app.inject({ method: 'GET', url, headers: t.admin });

  it('gives every analysis route the answer the HTTP process computes, 400s naming the field alike', async () => {
    for (const url of URLS) {
      const [a, b] = [await get(here, url), await get(there, url)];
      assert.equal(b.statusCode, a.statusCode, `${url}: ${b.body.slice(0, 300)}`);
      const { computedAt, ...answer } = b.json();
      assert.deepEqual(answer, a.json(), url);
      if (a.statusCode === 200) assert.equal(computedAt, new Date(NOW).toISOString(), url);
    }
    assert.equal(
      (await get(there, '/api/analytics/retention?mode=sometimes')).json().error.fields[0].field,
      'mode',
    );
  });

  it('brings back the units behind the numbers, as the lists read them', async () => {
    const audit = (await get(there, '/api/analytics/audit?unit=users&days=30')).json();
    const row = encodeURIComponent(audit.result.rows[0].key);
    let units = 0;
    for (const side of ['top', 'bottom']) {
      const url = `/api/analytics/audit/users?unit=users&days=30&row=${row}&side=${side}&limit=500`;
      const kept = await get(there, url);
      assert.equal(kept.statusCode, 200, kept.body);
      const { computedAt, ...page } = kept.json();
      assert.equal(computedAt, audit.computedAt, 'kept with the audit, not computed again');
      units += page.total;
      assert.deepEqual(page, (await get(here, url)).json());
    }
    assert.ok(units > 0, 'the audit has users on its sides');
    // A list asked for on its own (no audit with these parameters computed): in the worker too.
    const alone = `/api/analytics/audit/users?unit=users&days=14&row=${row}&side=top&limit=500`;
    const [a, b] = [await get(here, alone), await get(there, alone)];
    assert.equal(b.statusCode, a.statusCode, b.body);
    const { computedAt, ...page } = b.json();
    assert.equal(computedAt, new Date(NOW).toISOString());
    assert.deepEqual(page, a.json());
  });

  it('sees what is committed after it started, through its own connection', async () => {
    const before = (await get(here, '/api/analytics/activation?min_size=1')).json();
    const signUp = await here.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: here.sdk,
      payload: {
        userId: 'worker-new',
        event: 'Signed Up',
        timestamp: new Date(NOW - 1000).toISOString(),
      },
    });
    assert.equal(signUp.statusCode, 200);
    await here.writer.flush();
    const seen = (await get(there, '/api/analytics/activation?min_size=1')).json();
    assert.equal(seen.result.overall.users, before.result.overall.users + 1);
  });
});

describe('the analysis worker when it cannot run', () => {
  it('fails what it was asked while its file is missing, then starts again once it is there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-analysis-worker-'));
    const file = join(dir, 'cairn.db');
    const runner = new WorkerRunner({ file });
    const definitions = testDefinitions().definitions;
    try {
      await assert.rejects(
        runner.run('/api/analytics/overview', {}, definitions, NOW, () => {}),
        /unable to open|does not exist|directory does not exist|SQLITE_CANTOPEN/i,
      );
      const made = SqliteStore.open({ file: join(dir, 'made.db') });
      await made.migrate();
      await made.close();
      await copyFile(join(dir, 'made.db'), file);
      const overview = (await runner.run(
        '/api/analytics/overview',
        {},
        definitions,
        NOW,
        () => {},
      )) as {
        current: unknown;
      };
      assert.ok(overview.current, 'computed by a new worker');
      await assert.rejects(
        runner.run('/api/analytics/nothing', {}, definitions, NOW, () => {}),
        /no analysis is served at \/api\/analytics\/nothing/,
      );
      await runner.close();
      await assert.rejects(
        runner.run('/api/analytics/overview', {}, definitions, NOW, () => {}),
        /closed/,
      );
    } finally {
      await runner.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
