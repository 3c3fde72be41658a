/**
 * `npm run bench:analytics`: every analytics query (`/api/analytics/…`, `cairn stats …`) on a
 * population of BENCH_USERS users and about BENCH_USERS × 52 events (bench/analytics-load.ts),
 * on SQLite and on PostgreSQL. Each query is run through `runAnalytics` as the routes run it;
 * its figures are the median of BENCH_ROUNDS rounds, wall time and this process's CPU time, and
 * beside them, measured in the same run, one full read of the event log (`scanEvents`): the
 * target is each query ≤ 2 s at 100,000 users and 5,000,000 events, and the ratio to the log
 * read says how a figure would move on a faster or less loaded machine. `overview` is the
 * dashboard's overview page: its seven calls made together; `overview route` the same figures
 * from GET /api/analytics/overview's one call (its reads shared). The signals analyses (`signal`,
 * `audit`, `churn-risk`: each ≤ 5 s) are timed on the same store after the queries
 * (bench/signals.ts times them on its own population too).
 *
 * Options (env): BENCH_USERS (100000), BENCH_PER_DAY (meaningful events per active day, 7: ~52
 * events per user, 5.2 M at 100,000 users), BENCH_ROUNDS (3), BENCH_STORES (sqlite,postgres),
 * BENCH_DB (a SQLite file kept between runs: loaded only when empty), BENCH_PG_SCHEMA
 * (likewise, a PostgreSQL schema; default a fresh one, dropped after), BENCH_ONLY
 * (comma-separated query names).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runAnalytics } from '../src/analytics/run-analytics.js';
import { runOverview } from '../src/analytics/run-overview.js';
import type { MetricName, RawParams } from '../src/analytics/params.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { DAY, NOW, testDefinitions } from '../test/analytics/population.js';
import { bulkLoadPopulation } from './analytics-load.js';
import { median } from './median.js';
import { signalBenchmarks } from './signals.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 7);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const PG_URL = process.env.CAIRN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Query = [MetricName, RawParams];
const recent = { from: day(NOW - 29 * DAY), to: day(NOW + DAY) };
const before = { from: day(NOW - 59 * DAY), to: day(NOW - 29 * DAY) };
const QUERIES: Record<string, Query[]> = {
  activation: [['activation', {}]],
  'activation by persona': [['activation', { by: 'persona.path' }]],
  'activation by week cohort': [['activation', { by: 'cohort.week' }]],
  'activation by source': [['activation', { by: 'first_touch.source' }]],
  'activation by stage at date': [['activation', { by: `stage.lifecycle@${day(NOW - 14 * DAY)}` }]],
  'activation by account trait': [['activation', { by: 'account.industry' }]],
  conversion: [['conversion', { by: 'persona.path' }]],
  'retention week': [['retention', {}]],
  'retention day': [['retention', { period: 'day' }]],
  'retention by persona': [['retention', { by: 'persona.path' }]],
  'retention accounts': [['retention', { unit: 'accounts' }]],
  adoption: [['adoption', {}]],
  lifecycle: [['lifecycle', {}]],
  messages: [['messages', { period: 'week' }]],
  overview: [
    ['activation', recent],
    ['activation', before],
    ['conversion', recent],
    ['conversion', before],
    ['retention', {}],
    ['messages', recent],
    ['messages', before],
  ],
};

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

async function medianOf(run: () => Promise<unknown>): Promise<Timing> {
  await run(); // warm: statements prepared, pages cached, JIT
  const rounds: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await timed(run));
  return {
    wallMs: median(rounds.map((t) => t.wallMs)),
    cpuMs: median(rounds.map((t) => t.cpuMs)),
  };
}

async function openBenchStore(
  dialect: string,
): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-analytics-'));
    const file = process.env.BENCH_DB ?? join(dir, 'bench.db');
    const store = await openStore({
      file,
      synchronous: 'NORMAL',
      ...(process.env.BENCH_CACHE_MB
        ? { pageCacheBytes: Number(process.env.BENCH_CACHE_MB) * 2 ** 20 }
        : {}),
    });
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = process.env.BENCH_PG_SCHEMA ?? `bench_analytics_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await admin.end();
  const store = await openStore({ databaseUrl: PG_URL, schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      if (process.env.BENCH_PG_SCHEMA) return;
      const drop = new pg.Client({ connectionString: PG_URL });
      await drop.connect();
      await drop.query(`DROP SCHEMA "${schema}" CASCADE`);
      await drop.end();
    },
  };
}

const definitions = testDefinitions();
const f = (ms: number) => ms.toFixed(0).padStart(7);
for (const dialect of STORES) {
  const { store, cleanup } = await openBenchStore(dialect);
  try {
    const migrateStart = performance.now();
    await store.migrate();
    const migrateMs = performance.now() - migrateStart;
    let events = await store.countEvents();
    if (events === 0) {
      const load = await timed(() =>
        bulkLoadPopulation(store, definitions, {
          users: USERS,
          perActiveDay: PER_DAY,
          onProgress: (users, stored) => {
            if (users % 10_000 === 0)
              process.stderr.write(`  ${dialect}: ${users} users, ${stored} events\n`);
          },
        }),
      );
      events = await store.countEvents();
      console.log(
        `${dialect}: loaded ${events.toLocaleString('en-US')} events in ${(load.wallMs / 1000).toFixed(0)} s`,
      );
    } else {
      console.log(
        `${dialect}: ${events.toLocaleString('en-US')} events already stored (migrations ${migrateMs.toFixed(0)} ms)`,
      );
    }
    const scan = await medianOf(() => store.analytics.scanEvents());
    console.log(
      `${dialect}: reference, one read of the event log: ${f(scan.wallMs)} ms wall ${f(scan.cpuMs)} ms CPU (this process)`,
    );
    const ctx = { store: store.analytics, definitions: definitions.definitions, now: NOW };
    for (const [name, queries] of Object.entries(QUERIES)) {
      if (ONLY && !ONLY.has(name)) continue;
      const t = await medianOf(() =>
        Promise.all(queries.map(([metric, params]) => runAnalytics(metric, ctx, params))),
      );
      console.log(
        `${dialect}: ${name.padEnd(28)} ${f(t.wallMs)} ms wall ${f(t.cpuMs)} ms CPU  ` +
          `${(t.wallMs / scan.wallMs).toFixed(2).padStart(6)}× the log read`,
      );
    }
    // The signals analyses (#16's target is in this benchmark too: each ≤ 5 s), one run each
    // the median of BENCH_ROUNDS after a warm one, on this population and beside this log read.
    const signals = signalBenchmarks(
      {
        analytics: store.analytics,
        signals: store.signals,
        definitions: definitions.definitions,
        now: NOW,
      },
      // This workspace has no `meaningful_first_48h` segment: its first milestone within 48 hours.
      { rule: JSON.stringify({ performed: ['Data Source Connected'] }) },
    );
    for (const [name, run] of Object.entries(signals)) {
      if (ONLY && !ONLY.has(name)) continue;
      const t = await medianOf(run);
      console.log(
        `${dialect}: ${name.padEnd(28)} ${f(t.wallMs)} ms wall ${f(t.cpuMs)} ms CPU  ` +
          `${(t.wallMs / scan.wallMs).toFixed(2).padStart(6)}× the log read`,
      );
    }
    if (!ONLY || ONLY.has('overview route')) {
      // The same seven figures as `overview`, answered by GET /api/analytics/overview's one call
      // (shared reads): the page's cost before and after, in one run.
      const t = await medianOf(() => runOverview(ctx));
      console.log(
        `${dialect}: ${'overview route'.padEnd(28)} ${f(t.wallMs)} ms wall ${f(t.cpuMs)} ms CPU  ` +
          `${(t.wallMs / scan.wallMs).toFixed(2).padStart(6)}× the log read`,
      );
    }
  } finally {
    await cleanup();
  }
}
