import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Cairn } from '../../src/runtime/cairn.js';
import { ADMIN_KEY, RestartableCairn, SERVER_WRITE_KEY } from '../support/restartable-cairn.js';
import { selectedDialects } from '../support/test-stores.js';

/**
 * The example workspace's reports, from real data through the real runtime: events go through
 * ingest, the state engine measures them, the report routes and the scheduled delivery render
 * the example's templates. The seed's sentences come out of the numbers below:
 *
 * - 11 accounts of 11–50 employees on the team plan; in March 2026 "acme" completes 45 tasks,
 *   its 10 peers 20…55 (391 in all, average 39.1): 45 is 15.1 % above — "15 %";
 * - in Q1 acme's automations run 168 times at 15 minutes each: 2,520 minutes, 42 hours, which
 *   reaches the 40-hour "a full work week"; the peers' 0…200 runs put 9 below and one above:
 *   percentile 90, top 10 — "You are in the top 10 %";
 * - acme's admin Maya connects a source, creates a report and earns 345 points: Builder.
 */
const EXAMPLE = 'examples/saas';
const PEER_TASKS = [20, 28, 32, 36, 38, 40, 42, 48, 52, 55];
const PEER_RUNS = [0, 10, 20, 30, 40, 50, 60, 80, 100, 200];
const MARCH = (day: number, hour = 12) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

type Call = Record<string, unknown>;
type Peers = {
  peers: number;
  average: number;
  difference: number;
  percentile: number;
  top: number;
};
/** What these tests read of the report routes' answers. */
interface Answer {
  variant: string;
  text: string;
  html: string;
  active: boolean;
  progress: { levels: { ladder: string; level: string }[] };
  report: {
    recipientId: string;
    metrics: Record<string, { value: number; peers: Peers }>;
    timeSaved: { minutes: number; hours: number; equivalent: string; peers: Peers };
  };
}

function accountCalls(account: string, admin: string, tasks: number, runs: number): Call[] {
  const calls: Call[] = [
    {
      type: 'identify',
      userId: admin,
      traits: { email: `${admin}@example.com`, first_name: admin, account_role: 'admin' },
      timestamp: MARCH(2, 8),
    },
    {
      type: 'group',
      userId: admin,
      groupId: account,
      traits: { name: account, employee_bucket: '11-50', plan: 'team' },
      timestamp: MARCH(2, 8),
    },
  ];
  const track = (event: string, i: number, properties: Call = {}) =>
    calls.push({
      type: 'track',
      userId: admin,
      event,
      properties,
      context: { groupId: account },
      // Spread over three days of the week of 9 March (the daily points cap is 100).
      timestamp: MARCH(10 + (i % 3), 10 + (i % 8)),
    });
  for (let i = 0; i < tasks; i++) track('Task Completed', i);
  for (let i = 0; i < runs; i++) track('Automation Ran', i);
  return calls;
}

for (const dialect of selectedDialects()) {
  describe(`the example's reports from real data (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    let cairn: Cairn;
    const get = async (url: string) => {
      const res = await cairn.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      return { status: res.statusCode, body: res.json() as Answer };
    };

    before(async () => {
      server.clock.set(Date.parse('2026-03-02T07:00:00Z'));
      cpSync(join(EXAMPLE, 'templates'), join(server.dir, 'templates'), { recursive: true });
      cairn = await server.start(readFileSync(join(EXAMPLE, 'cairn.yaml'), 'utf8'), []);
      server.clock.set(Date.parse('2026-03-13T20:00:00Z'));
      const batch: Call[] = accountCalls('acme', 'maya', 45, 168);
      PEER_TASKS.forEach((tasks, i) =>
        batch.push(...accountCalls(`peer${i}`, `admin${i}`, tasks, PEER_RUNS[i]!)),
      );
      batch.push(
        ...[
          ['Data Source Connected', { type: 'postgres' }],
          ['Report Created', {}],
        ].map(([event, properties]) => ({
          type: 'track',
          userId: 'maya',
          event,
          properties,
          timestamp: MARCH(9, 11),
        })),
      );
      for (let i = 0; i < batch.length; i += 200) {
        const res = await cairn.app.inject({
          method: 'POST',
          url: '/v1/batch',
          headers: { authorization: `Bearer ${SERVER_WRITE_KEY}` },
          payload: { batch: batch.slice(i, i + 200) },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      await cairn.writer.flush();
      await cairn.runDueWork(server.clock.now());
    });
    after(() => server.cleanup());

    it('says "45 tasks this month, 15 % more than the average of companies your size"', async () => {
      const { status, body } = await get(
        '/api/reports/monthly_team/acme/preview?period=2026-03-01',
      );
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.variant, 'report');
      assert.equal(body.report.recipientId, 'maya');
      const tasks = body.report.metrics.tasks_completed;
      assert.equal(tasks.value, 45);
      // Independently: the peers' mean and the difference, from the numbers sent.
      const mean = PEER_TASKS.reduce((a, b) => a + b, 0) / PEER_TASKS.length;
      assert.equal(tasks.peers.peers, PEER_TASKS.length);
      assert.ok(Math.abs(tasks.peers.average - mean) < 1e-9);
      assert.ok(Math.abs(tasks.peers.difference - (100 * (45 - mean)) / mean) < 1e-9);
      assert.match(
        body.text,
        /Your team completed 45 tasks this month, 15 % more than the average of companies your size\./,
      );
      assert.match(
        body.html,
        /45 tasks this month, 15 % more than the average of companies your size/,
      );
    });

    it('says "You saved 42 hours this quarter — a full work week. You are in the top 10 %"', async () => {
      const { status, body } = await get(
        '/api/reports/quarterly_roi/acme/preview?period=2026-01-01',
      );
      assert.equal(status, 200, JSON.stringify(body));
      const saved = body.report.timeSaved;
      assert.equal(saved.minutes, 168 * 15);
      assert.equal(saved.hours, 42);
      assert.equal(saved.equivalent, 'a full work week');
      // 9 of the 10 peers below, none tied: (9 + 0/2) / 10.
      const below = PEER_RUNS.filter((runs) => runs * 15 < 168 * 15).length;
      assert.equal(saved.peers.percentile, (100 * below) / PEER_RUNS.length);
      assert.equal(saved.peers.top, 10);
      assert.match(
        body.text,
        /You saved 42 hours this quarter — a full work week\. You are in the top 10 %\./,
      );
    });

    it('says "You reached the Builder level!" in the weekly report Maya receives by email', async () => {
      const { body } = await get('/api/reports/weekly_user/maya?period=2026-03-09');
      assert.equal(body.active, true);
      assert.equal(body.progress.levels.find((l) => l.ladder === 'adoption')!.level, 'Builder');
      // Monday 16 March 09:00 UTC: the schedule fires, the report is delivered.
      await cairn.runDueWork(Date.parse('2026-03-16T09:00:00Z'));
      const messages = (
        await cairn.store.listMessages({ journeyId: 'report_weekly_user' }, { limit: 100 })
      ).items;
      // One per recipient (11 admins), all active in the week: the report, not the variant.
      assert.equal(messages.length, 11);
      assert.ok(messages.every((m) => m.template === 'usage_report'));
      const outbox = join(server.dir, 'outbox');
      const mails = readdirSync(outbox).map((f) => readFileSync(join(outbox, f), 'utf8'));
      const mine = mails.filter(
        (m) => /To: .*maya@example\.com/.test(m) && /Your week in Tasklane/.test(m),
      );
      assert.equal(mine.length, 1, 'one weekly report for Maya');
      assert.match(mine[0]!.replace(/=\r?\n/g, ''), /You reached the Builder level!/);
    });
  });
}
