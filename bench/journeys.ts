/**
 * `npm run bench:journeys`, on SQLite:
 * 1. Latency from an event received to its journey's send effect recorded, while the server
 *    ingests 1,000 events/s in the background (target p99 ≤ 50 ms). Journeys run inside the
 *    ingest transaction, so the 200 answer to the probe means the queued message is committed:
 *    the probe's round trip is the figure.
 * 2. How late due journey timers fire with 100,000 runs waiting (target p99 ≤ 1 s): the waits of
 *    100,000 runs end spread over 60 s, the run sweeper works in real time, and each run's
 *    lateness is read back from its step history.
 *
 * Options (env): BENCH_RUNS (100000), BENCH_PROBES (300), BENCH_RATE (1000).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../src/core/clock.js';
import { parseDefinitions } from '../src/definitions/index.js';
import { benchServer } from './bench-server.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { applyEvents } from '../src/runtime/apply-events.js';
import { RunSweeper } from '../src/runtime/journeys/run-sweeper.js';
import { Workspace } from '../src/runtime/workspace.js';
import { openStore } from '../src/store/open-store.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const PROBES = Number(process.env.BENCH_PROBES ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const WRITE_KEY = 'bench';

const definitions = parseDefinitions(
  `
journeys:
  probe:
    trigger: { event: Probe }
    steps:
      - { id: hello, send: probe_email }
  waiting:
    trigger: { event: Start Waiting }
    steps:
      - { id: pause, wait: 1m }
      - { id: after, send: after_wait }
`,
  'bench-journeys.yaml',
);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function latency(dir: string) {
  const store = await openStore({ file: join(dir, 'latency.db') });
  await store.migrate();
  const { app, address } = await benchServer(store, definitions, WRITE_KEY);
  const seconds = Math.ceil(PROBES / 20) + 2;
  const load = fork(fileURLToPath(new URL('./http-load.js', import.meta.url)), [], {
    env: {
      ...process.env,
      TARGET: address,
      WRITE_KEY,
      EVENTS: String(RATE * seconds),
      USERS: '20000',
      BATCH: '50',
      CONNECTIONS: '4',
      RATE: String(RATE),
    },
  });
  const done = new Promise((resolve) => load.once('message', resolve));
  const auth = 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64');
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const res = await fetch(`${address}/v1/track`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `probe-${i}`, event: 'Probe' }),
    });
    if (res.status !== 200) throw new Error(`probe answered ${res.status}`);
    times.push(performance.now() - started);
  }
  await done;
  const queued = await store.listMessages({ journeyId: 'probe' }, { limit: PROBES + 1 });
  if (queued.items.length !== PROBES)
    throw new Error(`expected ${PROBES} messages, found ${queued.items.length}`);
  await app.close();
  await store.close();
  console.log(
    `event → send effect recorded, ${RATE} events/s in the background: p50 ${percentile(times, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(times, 99).toFixed(1)} ms (target p99 ≤ 50 ms)`,
  );
}

async function timers(dir: string) {
  const store = await openStore({ file: join(dir, 'timers.db') });
  await store.migrate();
  const workspace = new Workspace(definitions);
  // Runs enter in the past so that their one-minute waits end spread over the next 60 s.
  const spread = 60_000;
  const base = Date.now() - 60_000 + 15_000;
  for (let first = 0; first < RUNS; first += 2000) {
    const size = Math.min(2000, RUNS - first);
    const batch = Array.from({ length: size }, (_, i) => ({
      type: 'track',
      userId: `w-${first + i}`,
      event: 'Start Waiting',
    }));
    const enteredAt = base + Math.floor(((first + size / 2) / RUNS) * spread);
    const clock: Clock = { now: () => enteredAt };
    const { events } = parseBatch({ batch }, enteredAt, 'api');
    await store.transaction((tx) =>
      applyEvents(tx, events, { definitions, versions: workspace.versions, now: clock.now() }),
    );
  }
  const sweeper = new RunSweeper(store, workspace, systemClock, { maxSleepMs: 100 });
  sweeper.start();
  while ((await store.nextRunWake()) !== null)
    await new Promise((resolve) => setTimeout(resolve, 500));
  await sweeper.stop();
  const late: number[] = [];
  let after: string | undefined;
  do {
    const page = await store.listRuns({ journeyId: 'waiting' }, { limit: 1000, after });
    for (const run of page.items) {
      const waited = run.history.find((h) => h.stepId === 'pause' && h.outcome === 'waiting');
      const resumed = run.history.find((h) => h.stepId === 'pause' && h.outcome === 'resumed');
      if (waited && resumed) late.push(resumed.at - (waited.at + 60_000));
    }
    after = page.next ?? undefined;
  } while (after);
  await store.close();
  if (late.length !== RUNS) throw new Error(`expected ${RUNS} resumed runs, found ${late.length}`);
  console.log(
    `${RUNS.toLocaleString('en-US')} waiting runs: timers fired late by p50 ${percentile(late, 50)} ms, ` +
      `p99 ${percentile(late, 99)} ms, max ${Math.max(...late)} ms (target p99 ≤ 1000 ms)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-journeys-'));
try {
  console.log('Cairn journeys benchmark (SQLite)');
  await latency(dir);
  await timers(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
