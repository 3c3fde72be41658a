/**
 * `npm run bench:simulate`: the demo population as `cairn serve --demo` simulates it (2,000 users
 * × 60 days, the in-memory email channel with its latest emails copied to the outbox, steps of
 * 1 h, SQLite with synchronous=NORMAL: `demoFlags()` and `runSimulateCommand`, the very code the
 * demo runs), its wall and CPU time, and its simulated events per second beside `bench:ingest`'s
 * with-state rate measured in the same run (HTTP batches of 100 with the example workspace).
 *
 * The machine may be shared: the load average is printed before and after, and both ratios are
 * given — by wall time (the issue's target) and by CPU time (the server's CPU per event for
 * ingest, this process's for the simulation), which depends little on what else runs.
 *
 * Options (env): BENCH_SIM_USERS (2000), BENCH_SIM_DAYS (60), BENCH_SIM_TICK (the demo's, 1h),
 * BENCH_SIM_EMAIL (the demo's, memory; or outbox), BENCH_EVENTS for the ingest reference
 * (50000), BENCH_USERS (5000). SQLite only: the demo's store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoFlags } from '../src/cli/commands/serve-demo.js';
import { runSimulateCommand } from '../src/cli/commands/simulate.js';
import { readSettings } from '../src/config/settings.js';
import { loadDefinitions } from '../src/definitions/index.js';
import { storeDigest } from '../src/simulate/store-digest.js';
import { formatSummary } from '../src/simulate/summary.js';
import { openStore } from '../src/store/open-store.js';
import { httpRate } from './http-rate.js';

const REF_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const REF_USERS = Number(process.env.BENCH_USERS ?? 5_000);
const DEMO_TARGET_S = 45;

const example = (name: string) =>
  [`../examples/saas/${name}`, `../../examples/saas/${name}`]
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((path) => existsSync(path))!;

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-sim-'));
  try {
    console.log(`load average (1, 5, 15 min) at the start: ${load()}`);
    const definitionsFile = example('cairn.yaml');
    const definitions = await loadDefinitions(definitionsFile);

    const refStore = await openStore({ file: join(dir, 'ingest.db') });
    await refStore.migrate();
    const reference = await httpRate(refStore, definitions, {
      events: REF_EVENTS,
      users: REF_USERS,
      batch: 100,
      connections: 16,
    }).finally(() => refStore.close());
    // `cpu` is the server's CPU time per event, in microseconds (process.cpuUsage).
    const refCpuRate = 1e6 / reference.cpu;
    console.log(
      `ingest with state (HTTP, batches of 100, example workspace): ${Math.round(reference.rate)} events/s, ` +
        `${Math.round(refCpuRate)} events per CPU-second of the server`,
    );

    const flags = {
      ...demoFlags({
        CAIRN_DEMO_USERS: process.env.BENCH_SIM_USERS,
        CAIRN_DEMO_DAYS: process.env.BENCH_SIM_DAYS,
        CAIRN_DEMO_TICK: process.env.BENCH_SIM_TICK,
      }),
      start: '2026-01-05T00:00:00Z',
      ...(process.env.BENCH_SIM_EMAIL ? { email: process.env.BENCH_SIM_EMAIL } : {}),
    };
    const settings = readSettings(
      { config: definitionsFile, db: join(dir, 'demo.db') },
      { CAIRN_OUTBOX_DIR: join(dir, 'outbox') },
    );
    const began = performance.now();
    const cpu = process.cpuUsage();
    const result = await runSimulateCommand(settings, flags, true);
    const seconds = (performance.now() - began) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const { summary } = result;
    console.log(formatSummary(summary));
    // The demo skips the digest (a full read of the store); it is taken here, untimed, so runs
    // of this bench can still be compared.
    const store = await openStore({ file: settings.dbFile });
    try {
      console.log(`digest ${await storeDigest(store)} (untimed)`);
    } finally {
      await store.close();
    }
    console.log(
      `demo: simulate ${flags.users} users × ${flags.days} days (step ${flags.tick}, email ${result.email.channel}` +
        `${result.email.outboxCopies ? `, latest ${result.email.outboxCopies} copied to the outbox` : ''}): ` +
        `${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (all threads) ` +
        `(target ≤ ${DEMO_TARGET_S} s), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    const rate = summary.submitted / seconds;
    const cpuRate = summary.submitted / cpuSeconds;
    console.log(
      `simulated events/s end to end: ${Math.round(rate)} (events in the log incl. state changes: ` +
        `${Math.round(summary.events / seconds)}/s) = ${(rate / reference.rate).toFixed(2)} × ingest with state ` +
        `by wall time (target ≥ 0.8); by CPU time ${Math.round(cpuRate)} events per CPU-second = ` +
        `${(cpuRate / refCpuRate).toFixed(2)} × ingest's`,
    );
    console.log(`load average (1, 5, 15 min) at the end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
