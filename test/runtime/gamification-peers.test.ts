import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const definitions = parseDefinitions(
  `
milestones:
  bulk_used: { event: Bulk Action Used }
metrics:
  tasks: { event: Task Completed }
  automations: { event: Automation Ran }
roi:
  minutes: { automations: 30 }
  equivalents: [{ hours: 40, label: a full work week }, { hours: 8, label: a full work day }]
peers:
  cohort: [employee_bucket]
  min_size: 4
recommendations:
  bulk:
    title: Use bulk actions
    adopted: bulk_used
    impact: { measured: true, period: week }
`,
  'peers.yaml',
);

/** Twelve companies: eight small, four large; what each does in the week of 2 March 2026. */
const COMPANIES = Array.from({ length: 12 }, (_, i) => ({
  id: `co${i}`,
  bucket: i < 8 ? '1-10' : '11-50',
  tasks: [3, 7, 7, 1, 12, 7, 0, 5, 20, 40, 35, 20][i]!,
  automations: [2, 0, 4, 1, 9, 3, 0, 2, 6, 8, 4, 7][i]!,
  bulk: [true, false, true, false, true, true, false, false, true, false, true, false][i]!,
}));

/** Comparisons over the real store, checked against figures computed from the raw rows sent. */
forEachStore('gamification peers', (getStore: () => Store) => {
  let t: TestApp;
  const send = (path: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/v1/${path}`, headers: t.sdk, payload });
  const at = () => new Date(t.clock.now()).toISOString();

  before(async () => {
    t = await testApp(getStore(), { definitions });
    t.clock.set(Date.parse('2026-03-03T10:00:00Z'));
    for (const company of COMPANIES) {
      const userId = `${company.id}-admin`;
      await send('group', {
        userId,
        groupId: company.id,
        traits: { employee_bucket: company.bucket },
        timestamp: at(),
      });
      const events = [
        ...Array.from({ length: company.tasks }, () => 'Task Completed'),
        ...Array.from({ length: company.automations }, () => 'Automation Ran'),
        ...(company.bulk ? ['Bulk Action Used'] : []),
      ];
      const batch = events.map((event) => ({
        type: 'track',
        userId,
        event,
        timestamp: at(),
        context: { groupId: company.id },
      }));
      if (batch.length) assert.equal((await send('batch', { batch })).statusCode, 200);
    }
    // The next Monday: the week of 2 March is the last complete one.
    t.clock.set(Date.parse('2026-03-09T10:00:00Z'));
  });
  after(async () => {
    await t.app.close();
  });

  const progress = async (id: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/accounts/${id}/progress`,
      headers: t.admin,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  it('compares each account with its cohort: value, average, percentile as the raw rows say', async () => {
    for (const company of COMPANIES) {
      const answer = await progress(company.id);
      assert.deepEqual(answer.period, { kind: 'week', start: '2026-03-02' });
      const tasks = answer.metrics.tasks;
      assert.equal(tasks.value, company.tasks);
      // The reference: peers are the other companies of the bucket, or everyone when fewer than 4.
      let peers = COMPANIES.filter((c) => c.id !== company.id && c.bucket === company.bucket);
      let widened = 0;
      if (peers.length < 4) {
        peers = COMPANIES.filter((c) => c.id !== company.id);
        widened = 1;
      }
      const below = peers.filter((c) => c.tasks < company.tasks).length;
      const ties = peers.filter((c) => c.tasks === company.tasks).length;
      const average = peers.reduce((s, c) => s + c.tasks, 0) / peers.length;
      assert.equal(tasks.peers.peers, peers.length);
      assert.equal(tasks.peers.widened, widened);
      assert.ok(Math.abs(tasks.peers.average - average) < 1e-9);
      assert.ok(
        Math.abs(tasks.peers.percentile - (100 * (below + ties / 2)) / peers.length) < 1e-9,
      );
      // Time saved: 30 minutes per automation.
      assert.equal(answer.timeSaved.minutes, company.automations * 30);
    }
  });

  it('measures a recommendation as the time its adopters save over the others, widening a cohort too small', async () => {
    const company = COMPANIES.find((c) => c.id === 'co1')!;
    const answer = await progress(company.id);
    const mean = (xs: typeof COMPANIES) =>
      xs.reduce((s, c) => s + c.automations * 30, 0) / xs.length;
    // Small companies other than co1: 4 adopters but only 3 others (< 4): widened to everyone.
    const small = COMPANIES.filter((c) => c.id !== company.id && c.bucket === company.bucket);
    assert.equal(small.filter((c) => !c.bulk).length, 3);
    const cohort = COMPANIES.filter((c) => c.id !== company.id);
    const adopters = cohort.filter((c) => c.bulk);
    const others = cohort.filter((c) => !c.bulk);
    assert.equal(answer.recommendations.length, 1);
    const [bulk] = answer.recommendations;
    assert.equal(bulk.name, 'bulk');
    assert.equal(bulk.source, 'measured');
    assert.ok(Math.abs(bulk.impact - (mean(adopters) - mean(others))) < 1e-9);
    assert.equal(bulk.evidence.adopters, adopters.length);
    assert.equal(bulk.evidence.nonAdopters, others.length);
    assert.equal(bulk.evidence.widened, 1);
    // An adopter is not told to adopt it.
    assert.deepEqual((await progress('co0')).recommendations, []);
  });

  it('never compares with fewer than min_size peers, in the progress route and the report JSON', async () => {
    const strictSource = `metrics: { tasks: { event: Task Completed } }\npeers: { cohort: [employee_bucket], min_size: 12 }
reports:
  team:
    unit: account
    schedule: '0 9 * * mon'
    period: week
    template: team_report`;
    const strict = parseDefinitions(strictSource, 'strict.yaml');
    t.workspace.replace(strict);
    try {
      const answer = await progress('co0');
      assert.equal(answer.metrics.tasks.value, 3);
      assert.equal(answer.metrics.tasks.peers, null);
      // Twelve companies: eleven peers at most, fewer than 12.
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/reports/team/co0?period=2026-03-02',
        headers: t.admin,
      });
      assert.equal(res.statusCode, 200, res.body);
      const report = res.json();
      assert.equal(report.metrics.tasks.value, 3);
      assert.equal(report.metrics.tasks.peers, null);
      // The same report with min_size 4: co0's small cohort is large enough, and compared.
      t.workspace.replace(
        parseDefinitions(strictSource.replace('min_size: 12', 'min_size: 4'), 'lenient.yaml'),
      );
      const lenient = await t.app.inject({
        method: 'GET',
        url: '/api/reports/team/co0?period=2026-03-02',
        headers: t.admin,
      });
      assert.equal(lenient.statusCode, 200, lenient.body);
      assert.notEqual(lenient.json().metrics.tasks.peers, null);
    } finally {
      t.workspace.replace(definitions);
    }
  });

  it('answers a clear 400 for a bad period or date', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/accounts/co0/progress?period=year',
      headers: t.admin,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /period/);
    const date = await t.app.inject({
      method: 'GET',
      url: '/api/accounts/co0/progress?at=2026-02-30',
      headers: t.admin,
    });
    assert.equal(date.statusCode, 400);
    assert.match(date.body, /at/);
  });
});
