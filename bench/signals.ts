/**
 * `npm run bench:signals`: the three signals (the 48-hour signal, the audit, churn risk) on a
 * generated SQLite population, each timed beside a full scan of the event table in the same
 * run (wall and CPU time). `signalBenchmarks(ctx)` exports the analyses as async closures so the
 * analytics benchmark can include them.
 *
 * Size: BENCH_USERS (default 5,000) users with 50 events each; the #16 target is 100,000
 * users and 5,000,000 events (BENCH_USERS=100000), which takes minutes to generate.
 * BENCH_DB=path keeps the population in that SQLite file and reuses it when it is there (made
 * for the same BENCH_USERS); without it a temporary file is made and removed. BENCH_PG=url
 * runs on PostgreSQL instead, in the schema bench_signals_<users>, kept and reused likewise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingEvent } from '../src/core/types.js';
import { loadDefinitions } from '../src/definitions/index.js';
import { applyEvents } from '../src/runtime/apply-events.js';
import { runSignals } from '../src/signals/run-signals.js';
import type { SignalsContext } from '../src/signals/signals-context.js';
import { openStore } from '../src/store/open-store.js';

const DAY = 86_400_000;

/** The analyses, by name, as closures over one context (`split`: the 48-hour split's rule, for
 * a workspace without the default segment). */
export function signalBenchmarks(
  ctx: SignalsContext,
  split: { rule?: string } = {},
): Record<string, () => Promise<unknown>> {
  return {
    signal: () => runSignals('signal', ctx, { days: '30', ...split }),
    audit: () => runSignals('audit', ctx, { days: '30' }),
    'churn-risk': () => runSignals('churn-risk', ctx, { unit: 'accounts' }),
  };
}

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  'Task Created',
  'Task Completed',
  'Report Created',
  'Project Created',
  'Logged In',
  'Data Source Connected',
  'Report Shared',
];

function* population(users: number, end: number): Generator<IncomingEvent[]> {
  const random = seeded(16);
  let n = 0;
  const ev = (
    userId: string,
    type: IncomingEvent['type'],
    at: number,
    fields: Partial<IncomingEvent> = {},
  ): IncomingEvent => ({
    messageId: `b${n++}`,
    type,
    event: null,
    userId,
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: at,
    originalTimestamp: at,
    sentAt: null,
    receivedAt: at,
    properties: {},
    traits: {},
    context: {},
    source: 'api',
    ...fields,
  });
  for (let i = 0; i < users; i++) {
    const id = `u${i}`;
    const signup = end - Math.floor(random() * 120 * DAY);
    const batch: IncomingEvent[] = [
      ev(id, 'identify', signup, {
        traits: {
          plan: random() < 0.2 ? 'pro' : 'trial',
          urgency: ['this_week', 'this_month', 'evaluating_options'][i % 3]!,
        },
      }),
      ev(id, 'group', signup + 1, {
        groupId: `a${Math.floor(i / 4)}`,
        traits: { employees: 1 + (i % 500), industry: ['software', 'finance'][i % 2]! },
      }),
      ev(id, 'track', signup + 2, { event: 'Signed Up' }),
    ];
    // Actions fall between signup and the end date, so every user's 47 are kept.
    const life = random() * Math.min(120 * DAY, end - signup);
    for (let k = 0; k < 47; k++) {
      const at = signup + Math.floor(random() * life);
      if (at < end)
        batch.push(ev(id, 'track', at, { event: ACTIONS[Math.floor(random() * ACTIONS.length)]! }));
    }
    yield batch;
  }
}

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 5000);
  const pg = process.env.BENCH_PG;
  const kept = process.env.BENCH_DB;
  const dir = kept || pg ? null : mkdtempSync(join(tmpdir(), 'cairn-bench-signals-'));
  const file = kept ?? join(dir ?? '.', 'cairn.db');
  const fileThere = kept !== undefined && existsSync(file);
  const store = pg
    ? await openStore({ databaseUrl: pg, schema: `bench_signals_${users}` })
    : await openStore({ file });
  await store.migrate();
  const reuse = fileThere || (pg !== undefined && (await store.analytics.scanEvents()).rows > 0);
  const definitions = await loadDefinitions(
    new URL('../../examples/saas/cairn.yaml', import.meta.url).pathname,
  );
  const end = Date.UTC(2026, 5, 1);
  let pending: IncomingEvent[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    await store.transaction((tx) => applyEvents(tx, batch, { now: end }));
  };
  if (!reuse) {
    for (const events of population(users, end)) {
      pending.push(...events);
      if (pending.length >= 5000) await flush();
    }
    await flush();
  }
  const ctx: SignalsContext = {
    analytics: store.analytics,
    signals: store.signals,
    definitions: definitions.definitions,
    now: end,
  };
  const time = async (run: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    return { wall, cpu: (used.user + used.system) / 1000 };
  };
  let events = 0;
  const scan = await time(async () => {
    events = (await store.analytics.scanEvents()).rows;
  });
  console.log(`${users} users, ${events} events (${pg ? 'PostgreSQL' : 'SQLite'})`);
  console.log(
    `full scan of the events: ${scan.wall.toFixed(0)} ms wall, ${scan.cpu.toFixed(0)} ms CPU`,
  );
  for (const [name, run] of Object.entries(signalBenchmarks(ctx))) {
    const t = await time(run);
    console.log(
      `${name.padEnd(11)} ${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU (${(t.wall / scan.wall).toFixed(1)}× the scan)`,
    );
  }
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
