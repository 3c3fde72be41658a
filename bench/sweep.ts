/**
 * `npm run bench:sweep`: how long the state sweeper takes to wake 100,000 due users on SQLite
 * (target: ≤ 10 s). Each user logged in once, so "logged in within the last 10 days" is due to
 * end for all of them at the same moment; the clock then jumps past it and one sweep runs.
 *
 * Options (env): BENCH_USERS (default 100000), BENCH_STORES (sqlite; add postgres to compare).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../src/core/clock.js';
import { parseDefinitions } from '../src/definitions/index.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { applyEvents } from '../src/runtime/apply-events.js';
import { StateSweeper } from '../src/runtime/state-sweeper.js';
import { Workspace } from '../src/runtime/workspace.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const STORES = (process.env.BENCH_STORES ?? 'sqlite').split(',');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY = 86_400_000;

const definitions = parseDefinitions(
  `
segments:
  active_recently:
    when: { performed: Logged In, within: 10d }
  dormant:
    when: { not: { performed: Logged In, within: 10d } }
`,
  'bench-sweep.yaml',
);

async function open(name: string): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (name === 'postgres') {
    const schema = `cairn_bench_sweep_${process.pid}`;
    const store = await openStore({ databaseUrl: PG_URL, schema });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const pg = await import('pg');
        const client = new pg.default.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cairn-sweep-'));
  const store = await openStore({ file: join(dir, 'sweep.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  console.log(`Cairn sweep benchmark: ${USERS} users due at once`);
  for (const name of STORES) {
    const { store, cleanup } = await open(name);
    try {
      await store.migrate();
      const clock = new FakeClock(Date.UTC(2026, 0, 5));
      const workspace = new Workspace(definitions);
      const loginAt = new Date(clock.now()).toISOString();
      for (let first = 0; first < USERS; first += 1000) {
        const batch = Array.from({ length: Math.min(1000, USERS - first) }, (_, i) => ({
          type: 'track',
          userId: `user-${first + i}`,
          event: 'Logged In',
          timestamp: loginAt,
        }));
        const { events } = parseBatch({ batch }, clock.now(), 'api');
        await store.transaction((tx) => applyEvents(tx, events, { definitions, now: clock.now() }));
      }
      clock.advance(10 * DAY);
      const sweeper = new StateSweeper(store, workspace, clock);
      const started = performance.now();
      const woken = await sweeper.sweepDue();
      const seconds = (performance.now() - started) / 1000;
      if (woken !== USERS) throw new Error(`expected ${USERS} users woken, got ${woken}`);
      const dormant = (await store.segmentCounts()).dormant ?? 0;
      if (dormant !== USERS) throw new Error(`expected ${USERS} dormant users, got ${dormant}`);
      console.log(
        `${name.padEnd(9)} woke ${woken.toLocaleString('en-US')} due users in ${seconds.toFixed(2)} s ` +
          `(${Math.round(woken / seconds).toLocaleString('en-US')} users/s; target ≤ 10 s)`,
      );
    } finally {
      await cleanup();
    }
  }
}

await main();
