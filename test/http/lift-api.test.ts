import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseDefinitions } from '../../src/definitions/index.js';
import { readAll } from '../../src/simulate/read-all.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { seededRandom } from '../support/seeded-random.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

/**
 * GET /api/analytics/lift, the lift object of the journey routes and `cairn stats lift`, on both
 * stores, against a reference computed here in plain code over the stored runs (first run per
 * user, window closed) and the personas this test gave its users.
 */
const H = 3_600_000;
const YAML = `
personas:
  size:
    rules:
      - { persona: big, when: { trait: seats, gte: 10 } }
      - { persona: small, when: { trait: seats, lt: 10 } }
journeys:
  nudge:
    trigger: { event: Signed Up }
    goal: { event: Upgraded, within: 1d }
    holdout: 0.3
    steps:
      - { id: hello, send: { template: welcome, transactional: true } }
  everyone:
    trigger: { event: Signed Up }
    goal: { event: Upgraded, within: 1d }
    steps:
      - { id: hi, send: { template: welcome, transactional: true } }
  no_goal:
    trigger: { event: Signed Up }
    holdout: 0.5
    steps:
      - { id: hey, send: { template: welcome, transactional: true } }
`;
const definitions = parseDefinitions(YAML, 'lift-test.yaml');
const run = promisify(execFile);
const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;
const Z = 1.959963984540054;

/** The persona this test gives user i (null: never identified). */
const sizeOf = (i: number) => (i % 10 === 9 ? null : i % 3 === 0 ? 'big' : 'small');

// ── The plain reference ──────────────────────────────────────────────────────────────────────
function wilson(x: number, n: number) {
  const p = x / n;
  const a = 2 * n * p + Z * Z;
  const b = Z * Math.sqrt(Z * Z + 4 * n * p * (1 - p));
  return [(a - b) / (2 * (n + Z * Z)), (a + b) / (2 * (n + Z * Z))];
}
function normalP(z: number) {
  // Two-sided tail by integrating the normal density (Simpson, fine grid) from |z| to 12.
  const f = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const a = Math.abs(z);
  const n = 20000;
  const h = (12 - a) / n;
  let s = f(a) + f(12);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return 2 * ((s * h) / 3);
}
interface Arm {
  n: number;
  x: number;
  pending: number;
}
function reference(t: Arm, h: Arm) {
  const p1 = t.x / t.n;
  const p2 = h.x / h.n;
  const [l1, u1] = wilson(t.x, t.n);
  const [l2, u2] = wilson(h.x, h.n);
  const pooled = (t.x + h.x) / (t.n + h.n);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / t.n + 1 / h.n));
  return {
    absolute: p1 - p2,
    low: p1 - p2 - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    high: p1 - p2 + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    relative: p1 / p2 - 1,
    pValue: normalP(z),
  };
}
const near = (a: number | null, b: number, tol: number, what: string) =>
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

for (const dialect of selectedDialects()) {
  describe(`lift API and cairn stats lift [${dialect}]`, () => {
    let dir: string;
    let store: Store;
    let t: TestApp;
    let env: NodeJS.ProcessEnv;
    let drop: (() => Promise<void>) | null = null;
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.admin });
    let lateFrom = 0;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cairn-lift-'));
      await writeFile(join(dir, 'cairn.yaml'), YAML);
      env = { ...process.env, CAIRN_CONFIG: join(dir, 'cairn.yaml'), DATABASE_URL: '' };
      if (dialect === 'sqlite') {
        env.CAIRN_DB = join(dir, 'cairn.db');
        store = await openStore({ file: env.CAIRN_DB });
      } else {
        const db = await scratchDatabase();
        drop = db.drop;
        env.DATABASE_URL = db.url;
        store = await openStore({ databaseUrl: db.url });
      }
      await store.migrate();
      t = await testApp(store, { definitions });
      const random = seededRandom(16);
      const batch = async (calls: object[]) => {
        for (let i = 0; i < calls.length; i += 100) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/v1/batch',
            headers: t.sdk,
            payload: { batch: calls.slice(i, i + 100) },
          });
          assert.equal(res.statusCode, 200, res.body);
        }
      };
      const at = () => new Date(t.clock.now()).toISOString();
      // 600 users sign up; converters upgrade an hour later. Who converts does not depend on the
      // holdout here: it is drawn per user, with a higher chance for even-numbered users.
      const users = Array.from({ length: 600 }, (_, i) => `u-${i}`);
      const identify = users.flatMap((u, i) => {
        const size = sizeOf(i);
        return size === null
          ? []
          : [
              {
                type: 'identify',
                userId: u,
                traits: { seats: size === 'big' ? 20 : 3 },
                timestamp: at(),
              },
            ];
      });
      await batch(identify);
      await batch(
        users.map((u) => ({ type: 'track', userId: u, event: 'Signed Up', timestamp: at() })),
      );
      t.clock.advance(H);
      const converters = users.filter((_, i) => random.next() < (i % 2 ? 0.25 : 0.45));
      await batch(
        converters.map((u) => ({ type: 'track', userId: u, event: 'Upgraded', timestamp: at() })),
      );
      // A second visit to the signup does not count twice (`once`), and late users stay pending.
      t.clock.advance(2 * 24 * H);
      lateFrom = t.clock.now();
      const late = Array.from({ length: 20 }, (_, i) => `late-${i}`);
      await batch(
        late.map((u) => ({ type: 'track', userId: u, event: 'Signed Up', timestamp: at() })),
      );
      t.clock.advance(H);
      await batch(
        late
          .slice(0, 10)
          .map((u) => ({ type: 'track', userId: u, event: 'Upgraded', timestamp: at() })),
      );
    });
    after(async () => {
      await t?.app.close();
      await store?.close();
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });

    /** Plain counts over the stored runs: first run per user, read once its window closed. */
    async function counts(journeyId: string, persona?: string | null) {
      const runs = await readAll((page) => store.listRuns({ journeyId }, page));
      const first = new Map<string, (typeof runs)[number]>();
      for (const r of runs.sort((a, b) => a.enteredAt - b.enteredAt))
        if (!first.has(r.userId)) first.set(r.userId, r);
      const arms = { t: { n: 0, x: 0, pending: 0 }, h: { n: 0, x: 0, pending: 0 } };
      for (const r of first.values()) {
        if (persona !== undefined) {
          const i = r.userId.startsWith('u-') ? Number(r.userId.slice(2)) : -1;
          const mine = i >= 0 ? sizeOf(i) : null;
          if (mine !== persona) continue;
        }
        const arm = r.heldOut ? arms.h : arms.t;
        if (r.goalDeadline !== null && r.goalDeadline > t.clock.now()) arm.pending += 1;
        else {
          arm.n += 1;
          if (r.convertedAt !== null) arm.x += 1;
        }
      }
      return arms;
    }

    it('answers the lift of each journey with its counts, interval, p-value and split check', async () => {
      const res = await get('/api/analytics/lift');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.metric, 'lift');
      assert.deepEqual(
        body.result.items.map((i: { journey: string; lift: { verdict: string } }) => [
          i.journey,
          i.lift.verdict,
        ]),
        [
          ['nudge', body.result.items[0].lift.verdict],
          ['everyone', 'no_holdout'],
          ['no_goal', 'no_goal'],
        ],
      );
      const { lift } = body.result.items[0];
      const c = await counts('nudge');
      assert.equal(c.t.n + c.h.n, 600, 'every early user read once');
      assert.deepEqual(lift.pending, { treated: c.t.pending, heldOut: c.h.pending });
      assert.equal(c.t.pending + c.h.pending, 20);
      assert.deepEqual([lift.treated.users, lift.treated.converted], [c.t.n, c.t.x]);
      assert.deepEqual([lift.heldOut.users, lift.heldOut.converted], [c.h.n, c.h.x]);
      const ref = reference(c.t, c.h);
      near(lift.absolute, ref.absolute, 1e-6, 'absolute');
      near(lift.low, ref.low, 1e-6, 'low');
      near(lift.high, ref.high, 1e-6, 'high');
      near(lift.relative, ref.relative, 1e-6, 'relative');
      near(lift.pValue, ref.pValue, 1e-6, 'p');
      assert.equal(lift.comparisons, 1, 'one journey has a p-value');
      assert.equal(lift.adjustedPValue, lift.pValue);
      const verdict =
        ref.pValue >= 0.05 ? 'no_difference_detected' : ref.absolute > 0 ? 'better' : 'worse';
      assert.equal(lift.verdict, verdict);
      // The split: held-out share of every entrant (pending too) against 0.3.
      const total = c.t.n + c.t.pending + c.h.n + c.h.pending;
      const held = c.h.n + c.h.pending;
      const chi =
        (held - 0.3 * total) ** 2 / (0.3 * total) +
        (total - held - 0.7 * total) ** 2 / (0.7 * total);
      near(lift.srm.chiSquare, chi, 1e-6, 'χ²');
      near(lift.srm.pValue, normalP(Math.sqrt(chi)), 1e-6, 'srm p');
      assert.equal(lift.srm.mismatch, normalP(Math.sqrt(chi)) < 0.001);
    });

    it('breaks the lift down per persona, adjusting every p-value of the answer together', async () => {
      const res = await get('/api/analytics/lift?journey=nudge&by=persona.size');
      assert.equal(res.statusCode, 200, res.body);
      const [item] = res.json().result.items;
      assert.deepEqual(
        item.personas.map((p: { persona: string }) => p.persona),
        ['big', 'small', '(none)'],
      );
      const raw: number[] = [item.lift.pValue];
      for (const cell of item.personas) {
        const c = await counts('nudge', cell.persona === '(none)' ? null : cell.persona);
        assert.deepEqual(
          [cell.lift.treated.users, cell.lift.heldOut.users],
          [c.t.n, c.h.n],
          cell.persona,
        );
        if (cell.persona === '(none)') {
          // 60 users, about 18 held out: under the minimum, a note instead of a number.
          assert.equal(cell.lift.verdict, 'too_small');
          assert.equal(cell.lift.absolute, null);
          assert.match(cell.lift.note, /needs 30 users read in each group/);
          continue;
        }
        const ref = reference(c.t, c.h);
        near(cell.lift.low, ref.low, 1e-6, `${cell.persona} low`);
        near(cell.lift.pValue, ref.pValue, 1e-6, `${cell.persona} p`);
        raw.push(cell.lift.pValue);
      }
      // Benjamini–Hochberg by hand over the three p-values of the answer.
      const sorted = [...raw].sort((a, b) => a - b);
      const m = sorted.length;
      const bh = (p: number) => {
        let best = 1;
        for (let j = sorted.indexOf(p); j < m; j++)
          best = Math.min(best, (sorted[j] * m) / (j + 1));
        return best;
      };
      near(item.lift.adjustedPValue, bh(raw[0]), 1e-12, 'journey adjusted');
      assert.equal(item.lift.comparisons, 3);
      near(item.personas[0].lift.adjustedPValue, bh(raw[1]), 1e-12, 'big adjusted');
    });

    it('bounds the runs by entry time, and refuses bad parameters naming them', async () => {
      const before = new Date(lateFrom - 1).toISOString();
      const early = (await get(`/api/analytics/lift?journey=nudge&to=${before}`)).json();
      assert.deepEqual(early.result.items[0].lift.pending, { treated: 0, heldOut: 0 });
      const late = (
        await get(`/api/analytics/lift?journey=nudge&from=${new Date(lateFrom).toISOString()}`)
      ).json();
      assert.equal(late.result.items[0].lift.verdict, 'too_small');
      const sum = late.result.items[0].lift.pending;
      assert.equal(sum.treated + sum.heldOut, 20);
      for (const [query, field] of [
        ['journey=nope', 'journey'],
        ['by=trait.seats', 'by'],
        ['by=persona.nope', 'by'],
        ['from=yesterday', 'from'],
        ['colour=red', 'colour'],
        ['journey=constructor', 'journey'],
      ]) {
        const res = await get(`/api/analytics/lift?${query}`);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.match(res.body, new RegExp(field), query);
      }
    });

    it('puts the same lift object on the journey routes', async () => {
      const answer = (await get('/api/analytics/lift')).json();
      const list = (await get('/api/journeys')).json();
      const one = (await get('/api/journeys/nudge')).json();
      assert.deepEqual(list.items[0].stats.lift, answer.result.items[0].lift);
      assert.deepEqual(one.stats.lift, answer.result.items[0].lift);
    });

    it('cairn stats lift prints the table and the same numbers as JSON', async () => {
      // The command reads at the real time, long after the test clock: every window is closed.
      t.clock.advance(2 * 24 * H);
      const expected = (await get('/api/analytics/lift?by=persona.size')).json();
      const { stdout } = await run(
        process.execPath,
        [MAIN, 'stats', 'lift', '--by', 'persona.size', '--json'],
        { env },
      );
      const printed = JSON.parse(stdout);
      assert.deepEqual(printed.result.items, expected.result.items);
      const table = (
        await run(process.execPath, [MAIN, 'stats', 'lift', '--journey', 'nudge'], { env })
      ).stdout;
      const lift = expected.result.items[0].lift;
      assert.match(table, /^lift as of /);
      assert.match(
        table,
        new RegExp(`nudge\\s+all\\s+${lift.treated.converted}/${lift.treated.users}`),
      );
      assert.match(table, new RegExp(lift.verdict));
      await assert.rejects(
        run(process.execPath, [MAIN, 'stats', 'lift', '--journey', 'nope'], { env }),
        (error: { code: number; stderr: string }) =>
          error.code === 2 && /--journey: no journey "nope"/.test(error.stderr),
      );
    });
  });
}
