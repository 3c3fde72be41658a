/**
 * `npm run bench:simulate`: the simulator's events per second end to end (population, ingest
 * validation, group commit, state, journeys, timers, delivery to the dev outbox, reactions),
 * beside `bench:ingest`'s with-state rate measured in the same run (HTTP batches of 100 with the
 * example workspace); then the demo population's time (`serve --demo`: 2,000 users × 60 days).
 *
 * Options (env): BENCH_SIM_USERS (2000), BENCH_SIM_DAYS (60), BENCH_SIM_TICK (1h),
 * BENCH_EVENTS for the ingest reference (50000), BENCH_USERS (5000). SQLite only: the demo's store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { readSettings } from '../src/config/settings.js';
import { parseDuration } from '../src/definitions/duration.js';
import { loadDefinitions } from '../src/definitions/index.js';
import { loadSimulation } from '../src/simulate/load-simulation.js';
import { simulate } from '../src/simulate/simulate.js';
import { formatSummary } from '../src/simulate/summary.js';
import { openStore } from '../src/store/open-store.js';
import { httpRate } from './http-rate.js';

const USERS = Number(process.env.BENCH_SIM_USERS ?? 2000);
const DAYS = Number(process.env.BENCH_SIM_DAYS ?? 60);
const TICK = parseDuration(process.env.BENCH_SIM_TICK ?? '1h')!;
const REF_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const REF_USERS = Number(process.env.BENCH_USERS ?? 5_000);
const DEMO_TARGET_S = 45;

const example = (name: string) =>
  [`../examples/saas/${name}`, `../../examples/saas/${name}`]
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((path) => existsSync(path))!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-sim-'));
  try {
    const definitionsFile = example('cairn.yaml');
    const definitions = await loadDefinitions(definitionsFile);

    const refStore = await openStore({ file: join(dir, 'ingest.db') });
    await refStore.migrate();
    const load = { events: REF_EVENTS, users: REF_USERS, batch: 100, connections: 16 };
    const reference = await httpRate(refStore, definitions, load).finally(() => refStore.close());
    console.log(
      `ingest with state (HTTP, batches of 100, example workspace): ${Math.round(reference.rate)} events/s`,
    );

    const config = await loadSimulation(example('simulation.yaml'), definitions);
    config.tick = TICK;
    // As `cairn simulate` opens it (synchronous=NORMAL, see commands/simulate.ts).
    const store = await openStore({ file: join(dir, 'sim.db'), synchronous: 'NORMAL' });
    await store.migrate();
    const settings = readSettings(
      { config: definitionsFile },
      { CAIRN_OUTBOX_DIR: join(dir, 'outbox') },
    );
    const began = performance.now();
    const cpu = process.cpuUsage();
    const result = await simulate({
      store,
      definitionsFile,
      config,
      settings,
      seed: 'bench',
      users: USERS,
      days: DAYS,
      start: Date.UTC(2026, 0, 5),
    }).finally(() => store.close());
    const seconds = (performance.now() - began) / 1000;
    const used = process.cpuUsage(cpu);
    const { summary } = result;
    const rate = summary.submitted / seconds;
    console.log(formatSummary(summary));
    console.log(
      `simulate ${USERS} users × ${DAYS} days (step ${TICK / 60_000} min): ${seconds.toFixed(1)} s ` +
        `(target ≤ ${DEMO_TARGET_S} s), CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, ` +
        `peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
    console.log(
      `simulated events/s end to end: ${Math.round(rate)} (events in the log incl. state changes: ` +
        `${Math.round(summary.events / seconds)}/s) = ${(rate / reference.rate).toFixed(2)} × ingest with state ` +
        `(target ≥ 0.8)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
