import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { isHeldOut } from '../../src/engine/journeys/index.js';
import { INTERRUPTED } from '../../src/runtime/delivery/delivery-worker.js';
import { RunSweeper } from '../../src/runtime/journeys/run-sweeper.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const M = 60_000;
const H = 60 * M;

const definitions = parseDefinitions(
  `
journeys:
  trial:
    name: Trial — upgrade nudge
    priority: high
    trigger: { event: Signed Up }
    goal: { event: Upgraded, within: 7d }
    holdout: 0.5
    exit_when:
      - { event: Account Deleted }
    steps:
      - { id: hello, send: { template: welcome, transactional: true } }
      - { id: pause, wait: 2h }
      - { id: nudge, send: upgrade_nudge }
  ping:
    trigger: { event: Pinged }
    entry: every_time
    steps:
      - { id: pong, send: { channel: inapp, template: pong } }
  someday:
    draft: true
    trigger: { event: Signed Up }
    steps:
      - { id: later, send: later }
  paused:
    enabled: false
    trigger: { event: Signed Up }
    steps:
      - { id: never, send: never }
`,
  'journeys-api-test.yaml',
);

/** The first `count` user ids of the form `<prefix>-<n>` that the hash puts in (or out of) the
 * trial holdout, so the lift below does not depend on luck. */
function usersWhere(prefix: string, heldOut: boolean, count: number): string[] {
  const out: string[] = [];
  for (let n = 0; out.length < count; n++)
    if (isHeldOut(`${prefix}-${n}`, 'trial', 0.5) === heldOut) out.push(`${prefix}-${n}`);
  return out;
}
const treated = usersWhere('t', false, 4);
const heldOut = usersWhere('h', true, 2);

interface Listed {
  items: Record<string, unknown>[];
  next: string | null;
}

forEachStore('journeys and delivery log API', (getStore: () => Store) => {
  let t: TestApp;
  let runs: RunSweeper;
  const get = (url: string, headers = t.admin) => t.app.inject({ method: 'GET', url, headers });
  const track = async (who: string, event: string, anonymous = false) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.sdk,
      payload: {
        ...(anonymous ? { anonymousId: who } : { userId: who }),
        event,
        timestamp: new Date(t.clock.now()).toISOString(),
      },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  /** Every page of a listing, following `next`. */
  const allPages = async (url: string, limit: number) => {
    const pages: Listed[] = [];
    let after: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const res = await get(`${url}${sep}limit=${limit}${cursor}`);
      assert.equal(res.statusCode, 200, res.body);
      pages.push(res.json());
      after = pages[pages.length - 1].next;
    } while (after);
    return pages;
  };

  before(async () => {
    t = await testApp(getStore(), { definitions });
    runs = new RunSweeper(getStore(), t.workspace, t.clock);
    const [t0, t1, t2, t3] = treated;
    const [h0] = heldOut;
    for (const u of [...treated, ...heldOut]) await track(u, 'Signed Up');
    t.clock.advance(M);
    await track(t0, 'Upgraded'); // converts while waiting
    await track(t3, 'Account Deleted'); // an exit condition
    t.clock.advance(2 * H);
    await runs.sweepDue(); // the others finish the wait and complete
    t.clock.advance(M);
    for (const u of [t1, t2, h0]) await track(u, 'Upgraded'); // within the goal window
    for (let i = 0; i < 3; i++) {
      t.clock.advance(M);
      await track('pinger', 'Pinged');
    }
    await track('visitor-1', 'Pinged', true);
  });
  after(async () => {
    await t.app.close();
  });

  it('requires the admin key on every route', async () => {
    for (const url of [
      '/api/journeys',
      '/api/journeys/trial',
      '/api/users/pinger/journeys',
      '/api/messages',
      '/api/messages/x',
    ]) {
      assert.equal((await get(url, {})).statusCode, 401, url);
      assert.equal((await get(url, t.sdk)).statusCode, 401, url);
    }
  });

  it('lists every journey of the definitions, in file order, with drafts and disabled ones', async () => {
    const res = await get('/api/journeys');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.definitionsVersion, definitions.version);
    assert.deepEqual(
      body.items.map((j: { id: string }) => j.id),
      ['trial', 'ping', 'someday', 'paused'],
    );
    const [trial, ping, someday, paused] = body.items;
    assert.equal(trial.name, 'Trial — upgrade nudge');
    assert.equal(trial.priority, 'high');
    assert.equal(trial.holdout, 0.5);
    assert.deepEqual(trial.trigger, { event: 'Signed Up' });
    assert.deepEqual([trial.enabled, trial.draft], [true, false]);
    assert.deepEqual([someday.enabled, someday.draft], [true, true]);
    assert.deepEqual([paused.enabled, paused.draft], [false, false]);
    assert.equal(ping.name, null);
    assert.equal(ping.stats.entered, 4);
    assert.equal(ping.stats.runs.completed, 4);
    assert.equal(ping.stats.lift.absolute, null, 'no held-out group: no lift');
    // Without a goal nothing can convert: no rate at all, rather than a 0 % that reads as measured.
    assert.equal(ping.goal, null);
    assert.equal(ping.stats.treated.conversionRate, null);
    assert.equal(trial.goal.event, 'Upgraded');
    // Journeys that never started a run still have every count, at zero.
    assert.deepEqual(someday.stats.runs, { active: 0, completed: 0, converted: 0, exited: 0 });
    assert.equal(someday.stats.treated.conversionRate, null);
  });

  it('measures conversion of treated against held-out runs, and the lift', async () => {
    const { stats: all } = (await get('/api/journeys')).json().items[0];
    const { lift, ...stats } = all;
    // Every goal window (7 days) is still open: the lift reads no one yet (docs/lift.md).
    assert.deepEqual(
      [lift.verdict, lift.absolute, lift.pending, lift.treated.users, lift.heldOut.users],
      ['too_small', null, { treated: 4, heldOut: 2 }, 0, 0],
    );
    assert.deepEqual(stats, {
      entered: 6,
      runs: { active: 0, completed: 1, converted: 4, exited: 1 },
      // t0 converted while waiting, t1 and t2 after the last step, t3 exited.
      treated: {
        entered: 4,
        active: 0,
        completed: 0,
        converted: 3,
        exited: 1,
        conversionRate: 0.75,
      },
      heldOut: {
        entered: 2,
        active: 0,
        completed: 1,
        converted: 1,
        exited: 0,
        conversionRate: 0.5,
      },
    });
  });

  it('counts per step the runs that reached it, are at it and went past it', async () => {
    const { items } = (await get('/api/journeys')).json();
    const trial = items[0];
    // The reference: every run's step history, read through the users' run listings.
    const want: Record<string, { reached: number; at: number; passed: number }> = {};
    for (const user of [...treated, ...heldOut]) {
      for (const run of (await get(`/api/users/${user}/journeys`)).json().items) {
        const steps = new Set<string>(
          run.history.flatMap((h: { stepId: string | null }) => (h.stepId ? [h.stepId] : [])),
        );
        for (const step of steps) {
          const c = (want[step] ??= { reached: 0, at: 0, passed: 0 });
          c.reached += 1;
          if (run.status === 'active' && run.waiting?.stepId === step) c.at += 1;
          else c.passed += 1;
        }
      }
    }
    assert.deepEqual({ ...trial.steps }, want);
    // t0 converted and t3 exited during the wait: they never reached the nudge.
    assert.deepEqual(trial.steps.hello, { reached: 6, at: 0, passed: 6 });
    assert.deepEqual(trial.steps.nudge, { reached: 4, at: 0, passed: 4 });
    assert.deepEqual(
      trial.definition.steps.map((s: { id: string }) => s.id),
      ['hello', 'pause', 'nudge'],
    );
    assert.deepEqual({ ...items[2].steps }, {}, 'a journey without runs counts nothing');
    assert.deepEqual((await get('/api/journeys/trial')).json().steps.pause, trial.steps.pause);
  });

  it('shows one journey with its definition as loaded, its version and the same stats', async () => {
    const res = await get('/api/journeys/trial');
    assert.equal(res.statusCode, 200, res.body);
    const journey = res.json();
    const all = (await get('/api/journeys')).json().items[0];
    assert.equal(journey.id, 'trial');
    assert.equal(journey.definitionsVersion, definitions.version);
    assert.deepEqual(
      journey.definition.steps.map((s: { id: string }) => s.id),
      ['hello', 'pause', 'nudge'],
    );
    assert.equal(journey.definition.goal.within, 7 * 24 * H, 'durations in milliseconds');
    assert.deepEqual(journey.definition.entry, { kind: 'once' });
    assert.deepEqual(journey.stats.lift, all.stats.lift, 'the same lift as in the list');
    // The version is the one runs record.
    const [run] = (await get(`/api/users/${treated[1]}/journeys`)).json().items;
    assert.equal(journey.version, run.version);
  });

  it('answers 404 for a journey that is not defined', async () => {
    for (const id of ['nope', 'constructor', '__proto__']) {
      const res = await get(`/api/journeys/${id}`);
      assert.equal(res.statusCode, 404, id);
      assert.equal(res.json().error.code, 'not_found');
    }
  });

  it("lists a user's runs with their step history, ISO times", async () => {
    const res = await get(`/api/users/${treated[1]}/journeys`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.userId, treated[1]);
    assert.equal(body.next, null);
    const [run] = body.items;
    assert.equal(run.journeyId, 'trial');
    assert.equal(run.status, 'converted');
    assert.equal(run.heldOut, false);
    assert.equal(run.trigger.name, 'Signed Up');
    assert.equal(run.enteredAt, '2026-01-05T09:00:00.000Z');
    assert.equal(run.convertedAt, '2026-01-05T11:02:00.000Z');
    assert.equal(run.waiting, null);
    assert.deepEqual(
      run.history.map((h: Record<string, string | null>) => [h.at, h.stepId, h.outcome, h.detail]),
      [
        ['2026-01-05T09:00:00.000Z', null, 'entered', null],
        ['2026-01-05T09:00:00.000Z', 'hello', 'sent', 'email welcome'],
        ['2026-01-05T09:00:00.000Z', 'pause', 'waiting', 'until 2026-01-05T11:00:00.000Z'],
        // The timer fired when the sweeper ran, a minute late.
        ['2026-01-05T11:01:00.000Z', 'pause', 'resumed', null],
        ['2026-01-05T11:01:00.000Z', 'nudge', 'sent', 'email upgrade_nudge'],
        ['2026-01-05T11:01:00.000Z', null, 'completed', null],
        ['2026-01-05T11:02:00.000Z', null, 'converted', 'Upgraded'],
      ],
    );

    const exited = (await get(`/api/users/${treated[3]}/journeys`)).json().items[0];
    assert.equal(exited.status, 'exited');
    assert.equal(exited.exitReason, 'exit_condition');
    assert.deepEqual(exited.history.at(-1), {
      at: '2026-01-05T09:01:00.000Z',
      stepId: 'pause',
      outcome: 'exited',
      detail: 'exit_when[0]: Account Deleted',
    });
    const held = (await get(`/api/users/${heldOut[1]}/journeys`)).json().items[0];
    assert.equal(held.heldOut, true);
    assert.equal(held.status, 'completed');
    // Completed, but still listening for the goal until the window closes.
    assert.equal(held.goalDeadline, '2026-01-12T09:00:00.000Z');
  });

  it("pages a user's runs newest first, and filters them by journey", async () => {
    const pages = await allPages('/api/users/pinger/journeys', 2);
    assert.deepEqual(
      pages.map((p) => p.items.length),
      [2, 1],
    );
    const entered = pages.flatMap((p) => p.items.map((r) => r.enteredAt as string));
    assert.deepEqual(entered, [...entered].sort().reverse());
    assert.equal(new Set(entered).size, 3);
    const filtered = (await get(`/api/users/${treated[1]}/journeys?journey=ping`)).json();
    assert.deepEqual(filtered.items, []);
    const bad = await get('/api/users/pinger/journeys?limit=0');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.fields[0].field, 'limit');
    const cursor = await get('/api/users/pinger/journeys?after=garbage');
    assert.equal(cursor.statusCode, 400);
  });

  it('finds an anonymous visitor by anonymousId, and answers 404 for an unknown user', async () => {
    const res = await get('/api/users/visitor-1/journeys');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().items.map((r: { journeyId: string }) => r.journeyId),
      ['ping'],
    );
    const missing = await get('/api/users/nobody/journeys');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });

  it('lists the delivery log newest first, by user, journey and state, paged', async () => {
    const pages = await allPages('/api/messages?journey=trial', 3);
    const items = pages.flatMap((p) => p.items);
    // welcome for all six; the nudge for everyone who reached it (not t0, not t3).
    assert.equal(items.length, 6 + 4);
    assert.equal(new Set(items.map((m) => m.id)).size, items.length);
    const created = items.map((m) => m.createdAt as string);
    assert.deepEqual(created, [...created].sort().reverse());

    const held = (await get('/api/messages?journey=trial&state=held_out')).json().items;
    assert.equal(held.length, 4);
    for (const m of held) {
      assert.ok(heldOut.includes(m.userId));
      assert.match(m.reason, /holdout/);
    }
    const mine = (await get(`/api/messages?userId=${treated[1]}`)).json().items;
    assert.deepEqual(
      mine.map((m: { template: string; state: string }) => [m.template, m.state]),
      [
        ['upgrade_nudge', 'queued'],
        ['welcome', 'queued'],
      ],
    );
    const [nudge] = mine;
    assert.equal(nudge.journeyId, 'trial');
    assert.equal(nudge.stepId, 'nudge');
    assert.equal(nudge.channel, 'email');
    assert.equal(nudge.transactional, false);
    assert.equal(nudge.attempts, 0);
    assert.equal(nudge.providerId, null);
    assert.equal(nudge.createdAt, '2026-01-05T11:01:00.000Z');
    assert.equal(nudge.sentAt, null);

    const visitor = (await get('/api/messages?userId=visitor-1')).json().items;
    assert.deepEqual(
      visitor.map((m: { template: string }) => m.template),
      ['pong'],
    );
    assert.deepEqual((await get('/api/messages?userId=nobody')).json().items, []);
  });

  it('shows failures with their reason, attempts and provider id', async () => {
    const store = getStore();
    const [welcome] = (
      await store.listMessages({ profileId: treated[2] }, { limit: 5 })
    ).items.filter((m) => m.template === 'welcome');
    await store.transaction((tx) =>
      tx.updateMessages([
        {
          ...welcome,
          state: 'failed',
          reason: 'SMTP 550 mailbox unavailable',
          attempts: 2,
          providerId: '<abc@mail>',
          updatedAt: t.clock.now(),
        },
      ]),
    );
    const res = await get('/api/messages?state=failed');
    assert.equal(res.statusCode, 200, res.body);
    const [failed] = res.json().items;
    assert.equal(res.json().items.length, 1);
    assert.equal(failed.id, welcome.id);
    assert.equal(failed.reason, 'SMTP 550 mailbox unavailable');
    assert.equal(failed.attempts, 2);
    assert.equal(failed.providerId, '<abc@mail>');

    const one = await get(`/api/messages/${encodeURIComponent(welcome.id)}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().state, 'failed');
    assert.equal(one.json().payload.trigger.name, 'Signed Up');
    assert.equal((await get('/api/messages/nope')).statusCode, 404);
  });

  it('puts a failed message back in the queue on request, and only a dead or failed one', async () => {
    const retry = (id: string, headers = t.admin) =>
      t.app.inject({
        method: 'POST',
        url: `/api/messages/${encodeURIComponent(id)}/retry`,
        headers,
      });
    const [failed] = (await get('/api/messages?state=failed')).json().items;
    assert.equal((await retry(failed.id, {})).statusCode, 401);
    assert.equal((await retry(failed.id, t.sdk)).statusCode, 401);
    assert.equal(
      (await get(`/api/messages/${encodeURIComponent(failed.id)}`)).json().state,
      'failed',
    );

    const res = await retry(failed.id);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().id, failed.id);
    assert.equal(res.json().state, 'queued');
    assert.equal(res.json().attempts, 0);
    assert.match(res.json().reason, /retried by hand/);
    // Due now: the delivery worker's next look finds it.
    const due = await getStore().transaction((tx) => tx.claimDueMessages(t.clock.now(), 100));
    assert.ok(due.some((m) => m.id === failed.id));

    const again = await retry(failed.id);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'not_retryable');
    assert.match(again.json().error.message, /is queued/);
    assert.equal((await retry('nope')).statusCode, 404);

    // Cut off mid-send, it may have been delivered: never sent again, even on request.
    const message = (await getStore().getMessage(failed.id))!;
    await getStore().transaction((tx) =>
      tx.updateMessages([{ ...message, state: 'failed', reason: INTERRUPTED }]),
    );
    const cut = await retry(failed.id);
    assert.equal(cut.statusCode, 409, cut.body);
    assert.match(cut.json().error.message, /cut off mid-send/);
    assert.equal((await getStore().getMessage(failed.id))!.state, 'failed');
  });

  it('refuses an unknown state filter, naming the field', async () => {
    for (const url of ['/api/messages?state=delivered', '/api/messages?state=sent&state=failed']) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().error.code, 'invalid_request');
      assert.equal(res.json().error.fields[0].field, 'state');
    }
    assert.match((await get('/api/messages?state=delivered')).json().error.message, /held_out/);
    assert.equal((await get('/api/messages?limit=501')).statusCode, 400);
    assert.equal((await get('/api/messages?userId=')).statusCode, 400);
  });

  it('answers 409 for journeys when no definitions are loaded; runs and messages still show', async () => {
    const bare = await testApp(getStore());
    try {
      for (const url of ['/api/journeys', '/api/journeys/trial']) {
        const res = await bare.app.inject({ method: 'GET', url, headers: bare.admin });
        assert.equal(res.statusCode, 409, url);
        assert.equal(res.json().error.code, 'no_workspace');
      }
      for (const url of ['/api/users/pinger/journeys', '/api/messages?journey=ping']) {
        const res = await bare.app.inject({ method: 'GET', url, headers: bare.admin });
        assert.equal(res.statusCode, 200, url);
        assert.ok(res.json().items.length > 0);
      }
    } finally {
      await bare.app.close();
    }
  });

  it('with answers kept (as cairn serve keeps them), the lift is the kept lift answer and the counts are read live', async () => {
    const kept = await testApp(getStore(), {
      definitions,
      clock: t.clock,
      analysisMaxAgeSeconds: 60,
    });
    const read = async (url: string) => {
      const res = await kept.app.inject({ method: 'GET', url, headers: kept.admin });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    try {
      const computedAt = new Date(t.clock.now()).toISOString();
      const list = await read('/api/journeys');
      const lift = await read('/api/analytics/lift');
      assert.equal(list.liftComputedAt, computedAt);
      assert.equal(lift.computedAt, computedAt, 'one lift answer, shared');
      for (const item of list.items)
        assert.deepEqual(
          item.stats.lift,
          lift.result.items.find((i: { journey: string }) => i.journey === item.id).lift,
          item.id,
        );
      // The same figures as an app computing every answer.
      const computed = (await get('/api/journeys')).json();
      assert.deepEqual(
        list.items.map((i: { stats: unknown }) => i.stats),
        computed.items.map((i: { stats: unknown }) => i.stats),
      );
      assert.equal(computed.liftComputedAt, undefined, 'nothing kept: no liftComputedAt');
      // Within the minute, a new run counts at once; the lift is the kept one.
      t.clock.advance(30_000);
      await track('late-1', 'Signed Up');
      const later = await read('/api/journeys/trial');
      assert.equal(later.liftComputedAt, computedAt);
      assert.equal(later.stats.entered, list.items[0].stats.entered + 1, 'runs read live');
      assert.deepEqual(later.stats.lift, list.items[0].stats.lift);
      // Past the minute the lift is computed again and counts the new entrant (pending).
      t.clock.advance(31_000);
      const fresh = await read('/api/journeys/trial');
      assert.equal(fresh.liftComputedAt, new Date(t.clock.now()).toISOString());
      const pending = (l: { pending: { treated: number; heldOut: number } }) =>
        l.pending.treated + l.pending.heldOut;
      assert.equal(pending(fresh.stats.lift), pending(list.items[0].stats.lift) + 1);
    } finally {
      await kept.app.close();
    }
  });
});
