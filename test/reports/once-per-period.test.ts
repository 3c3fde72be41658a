import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Cairn } from '../../src/runtime/cairn.js';
import { INTERRUPTED } from '../../src/runtime/delivery/delivery-worker.js';
import { openStore } from '../../src/store/open-store.js';
import type { MessageRecord, Store } from '../../src/store/store.js';
import { startCairnProcess } from '../support/cairn-process.js';
import { RestartableCairn } from '../support/restartable-cairn.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

/**
 * One report per recipient per period, never two: the run id derives from the period reported
 * (not from the scheduled moment), so a moment handed out again — after a restart, a reload, an
 * edited schedule, or a crash in the middle of a page — starts nothing new.
 */
const yaml = (schedule: string, extra = '') => `
metrics:
  tasks: { event: Task Completed }
reports:
  weekly:
    schedule: '${schedule}'
    period: week
    template: weekly
    inactive: { template: quiet }
${extra}`;

const TEMPLATES: Record<string, string> = {
  weekly: '---\nsubject: Your week\n---\n<p>{{ report.metrics.tasks.value }} tasks</p>\n',
  quiet:
    '---\nsubject: A quiet week\n---\n<p>Nothing in the week of {{ report.period.start }}</p>\n',
};

async function allMessages(store: Store, journeyId: string): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  for (let after: string | undefined, more = true; more;) {
    const page = await store.listMessages({ journeyId }, { limit: 500, after });
    out.push(...page.items);
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  return out;
}

function perUser(messages: MessageRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.profileId, (counts.get(m.profileId) ?? 0) + 1);
  return counts;
}

for (const dialect of selectedDialects()) {
  describe(`a report once per period (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    after(() => server.cleanup());
    const start = async (schedule: string, extra = '') => {
      for (const [name, body] of Object.entries(TEMPLATES))
        writeFileSync(join(server.dir, 'templates', `${name}.mjml.liquid`), body);
      return server.start(yaml(schedule, extra), []);
    };

    it('sends once per period through restarts, reloads and an edited schedule', async () => {
      server.clock.set(Date.parse('2026-01-07T12:00:00Z')); // a Wednesday
      let cairn: Cairn = await start('0 9 * * mon');
      for (const user of ['ada', 'bo', 'cy'])
        await server.send('identify', { userId: user, traits: { email: `${user}@example.com` } });
      await server.send('track', { userId: 'ada', event: 'Task Completed' });
      await cairn.writer.flush();
      // The schedule's timers are set at the first look (as at a server's start).
      await cairn.runDueWork(server.clock.now());

      await cairn.runDueWork(Date.parse('2026-01-12T09:00:00Z'));
      const first = await allMessages(cairn.store, 'report_weekly');
      assert.deepEqual(
        first.map((m) => [m.profileId, m.template, m.state]).sort(),
        [
          ['ada', 'weekly', 'sent'],
          ['bo', 'quiet', 'sent'],
          ['cy', 'quiet', 'sent'],
        ],
        'the week of 5 January: a report for the active user, the variant for the others',
      );

      // Restarted with the schedule an hour later: its timer moves to 10:00 the same Monday,
      // which is a second moment for the same week.
      await server.stop();
      cairn = await start('0 10 * * mon');
      await cairn.runDueWork(server.clock.now());
      assert.equal(
        (await cairn.store.scheduleTimers())[0]!.fireAt,
        Date.parse('2026-01-12T10:00:00Z'),
      );
      await cairn.runDueWork(Date.parse('2026-01-12T10:00:00Z'));
      // Another change of the definitions, and the moment handed out again from the start.
      await server.stop();
      cairn = await start('0 10 * * mon', 'peers: { cohort: [plan], min_size: 2 }');
      await cairn.runDueWork(server.clock.now());
      const [timer] = await cairn.store.scheduleTimers();
      await cairn.store.transaction((tx) =>
        tx.putScheduleTimers([
          { ...timer!, fireAt: Date.parse('2026-01-12T10:30:00Z'), afterProfile: null },
        ]),
      );
      const repeat = await cairn.runDueWork(Date.parse('2026-01-12T11:00:00Z'));
      assert.ok(repeat.done >= 1, 'the moment was handed out again');
      let messages = await allMessages(cairn.store, 'report_weekly');
      assert.equal(messages.length, 3, 'nothing more for the same week');

      // The next Monday: the week of 12 January, once each.
      await cairn.runDueWork(Date.parse('2026-01-19T10:00:00Z'));
      messages = await allMessages(cairn.store, 'report_weekly');
      assert.deepEqual([...perUser(messages).values()], [2, 2, 2]);
      await server.stop();
    });
  });

  describe(`no report on a period that ended before its owner was first seen (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    after(() => server.cleanup());

    it('a user or an account first seen on the Monday morning gets nothing for the week before', async () => {
      for (const [name, body] of Object.entries(TEMPLATES))
        writeFileSync(join(server.dir, 'templates', `${name}.mjml.liquid`), body);
      server.clock.set(Date.parse('2026-01-07T12:00:00Z')); // a Wednesday
      const team = `
  team:
    unit: account
    schedule: '0 9 * * mon'
    period: week
    template: weekly
    inactive: { template: quiet }`;
      const cairn = await server.start(yaml('0 9 * * mon', team), []);
      const join_ = async (user: string, account: string) => {
        await server.send('identify', {
          userId: user,
          traits: { email: `${user}@example.com`, role: 'admin' },
        });
        await server.send('group', { userId: user, groupId: account, traits: { name: account } });
      };
      await join_('ada', 'acme');
      await server.send('track', { userId: 'ada', event: 'Task Completed' });
      await cairn.writer.flush();
      await cairn.runDueWork(server.clock.now());

      // Monday 12 January, 08:00: Eve joins Acme (which existed all last week), Dee signs up
      // with a new account. Neither existed in the week of 5 January; Acme did.
      server.clock.set(Date.parse('2026-01-12T08:00:00Z'));
      await join_('eve', 'acme');
      await join_('dee', 'newco');
      await cairn.writer.flush();
      await cairn.runDueWork(Date.parse('2026-01-12T09:00:00Z'));
      const sent = async (journeyId: string) =>
        (await allMessages(cairn.store, journeyId))
          .map((m) => {
            const t = (m.payload as { trigger: { properties: { owner: string; period: string } } })
              .trigger.properties;
            return `${m.profileId} ${t.owner} ${t.period} ${m.template}`;
          })
          .sort();
      assert.deepEqual(await sent('report_weekly'), ['ada ada 2026-01-05 weekly']);
      assert.deepEqual(await sent('report_team'), [
        'ada acme 2026-01-05 weekly',
        'eve acme 2026-01-05 weekly',
      ]);

      // The next Monday every owner existed in the week reported: everyone gets it.
      await cairn.runDueWork(Date.parse('2026-01-19T09:00:00Z'));
      assert.deepEqual(await sent('report_weekly'), [
        'ada ada 2026-01-05 weekly',
        'ada ada 2026-01-12 quiet',
        'dee dee 2026-01-12 quiet',
        'eve eve 2026-01-12 quiet',
      ]);
      assert.deepEqual(await sent('report_team'), [
        'ada acme 2026-01-05 weekly',
        'ada acme 2026-01-12 quiet',
        'dee newco 2026-01-12 quiet',
        'eve acme 2026-01-05 weekly',
        'eve acme 2026-01-12 quiet',
      ]);
      await server.stop();
    });
  });

  describe(`a report once per period through kill -9 (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-report-crash-'));
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('hands out a moment after a SIGKILL mid-run, and again, with one report per user', async () => {
      const USERS = 1_200; // more than two pages of the schedule sweeper (500 each)
      const config = join(dir, 'cairn.yaml');
      writeFileSync(config, yaml('0 9 * * mon'));
      mkdirSync(join(dir, 'templates'));
      for (const [name, body] of Object.entries(TEMPLATES))
        writeFileSync(join(dir, 'templates', `${name}.mjml.liquid`), body);
      const env: Record<string, string> = {
        CAIRN_WRITE_KEY: 'wk',
        CAIRN_SERVER_WRITE_KEY: 'sk',
        CAIRN_ADMIN_KEY: 'ak',
        CAIRN_CONFIG: config,
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      } else env.CAIRN_DB = join(dir, 'cairn.db');
      const open = () =>
        openStore(
          dialect === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { file: env.CAIRN_DB },
        );

      // The recipients, first seen two weeks ago: they existed in the week the moments below
      // report on (a period that ended before its owner was first seen has no report).
      const first = await startCairnProcess(env);
      const signedUp = new Date(Date.now() - 14 * 86_400_000).toISOString();
      for (let i = 0; i < USERS; i += 300) {
        const batch = Array.from({ length: Math.min(300, USERS - i) }, (_, j) => ({
          type: 'identify',
          userId: `u${String(i + j).padStart(5, '0')}`,
          traits: { email: `u${i + j}@example.com` },
          timestamp: signedUp,
        }));
        const res = await fetch(`${first.address}/v1/batch`, {
          method: 'POST',
          headers: { authorization: 'Bearer sk', 'content-type': 'application/json' },
          body: JSON.stringify({ batch }),
        });
        assert.equal(res.status, 200);
      }
      await first.stop();

      // The report's timer made due a minute ago, then a second moment of the same week.
      const now = Date.now();
      const moments = [now - 120_000, now - 60_000];
      const due = async (fireAt: number) => {
        const store = await open();
        try {
          const timers = (await store.scheduleTimers()).filter(
            (t) => t.journeyId === 'report_weekly',
          );
          assert.ok(timers.length >= 1, 'the report has a schedule timer');
          await store.transaction((tx) =>
            tx.putScheduleTimers(timers.map((t) => ({ ...t, fireAt, afterProfile: null }))),
          );
        } finally {
          await store.close();
        }
      };
      const count = async (address: string) => {
        const res = await fetch(`${address}/api/messages?journey=report_weekly&limit=500`, {
          headers: { authorization: 'Bearer ak' },
        });
        return ((await res.json()) as { items: unknown[] }).items.length;
      };

      await due(moments[0]!);
      const crashing = await startCairnProcess(env);
      // Killed as soon as the first reports are queued: pages and deliveries are cut off.
      for (let tries = 0; (await count(crashing.address)) === 0; tries++) {
        assert.ok(tries < 2_000, `no report was queued:\n${crashing.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await crashing.kill();
      // A send cut off by the kill keeps its lease (5 minutes) and is then marked interrupted,
      // never sent again: the lease is let run out here rather than waited for.
      const cutOff = await (async () => {
        const store = await open();
        try {
          const sending = (await allMessages(store, 'report_weekly')).filter(
            (m) => m.state === 'sending',
          );
          const past = Date.now() - 1;
          await store.transaction((tx) =>
            tx.updateMessages(sending.map((m) => ({ ...m, leaseUntil: past }))),
          );
          return sending.length;
        } finally {
          await store.close();
        }
      })();

      // Restarted: the cut-off moment goes on; then the week's second moment fires too.
      let restarted = await startCairnProcess(env);
      await waitForAll(restarted.address, USERS);
      await restarted.stop();
      await due(moments[1]!);
      restarted = await startCairnProcess(env);
      await waitForAll(restarted.address, USERS);
      // Give a repeat the time to show.
      await new Promise((r) => setTimeout(r, 1_500));
      await restarted.stop();

      const store = await open();
      try {
        const messages = await allMessages(store, 'report_weekly');
        const counts = perUser(messages);
        assert.equal(counts.size, USERS, 'every recipient got the report');
        assert.ok(
          [...counts.values()].every((n) => n === 1),
          'never two for one period',
        );
        // Sent, or cut off by the kill mid-send (at most once: marked, not sent again).
        const interrupted = messages.filter((m) => m.state === 'failed');
        assert.equal(interrupted.length, cutOff, 'only the sends the kill cut off failed');
        assert.ok(interrupted.every((m) => m.reason === INTERRUPTED));
        assert.ok(messages.every((m) => m.state === 'sent' || m.state === 'failed'));
      } finally {
        await store.close();
      }
    });
  });
}

/** Waits until every recipient's report is queued and none is left to deliver (a send cut off
 * by a kill, marked interrupted, is not delivered again). */
async function waitForAll(address: string, users: number): Promise<void> {
  for (let tries = 0; tries < 6_000; tries++) {
    let total = 0;
    let pending = 0;
    for (let after: string | null = null, more = true; more;) {
      const res = await fetch(
        `${address}/api/messages?journey=report_weekly&limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        { headers: { authorization: 'Bearer ak' } },
      );
      const page = (await res.json()) as {
        items: { state: string; reason: string | null }[];
        next: string | null;
      };
      total += page.items.length;
      pending += page.items.filter(
        (m) => m.state !== 'sent' && !(m.state === 'failed' && m.reason === INTERRUPTED),
      ).length;
      after = page.next;
      more = page.next !== null;
    }
    if (total >= users && pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the reports were not all delivered in time');
}
