/**
 * `npm run bench:ingest`: events/s over HTTP (batches of 100, through auth, validation, dedupe,
 * store and profile update) on each adapter, beside the raw store limit measured in the same
 * run: the same rows written straight through the adapter's bulk path. Prints the ratio.
 *
 * Options (env): BENCH_EVENTS (default 200000), BENCH_USERS (20000), BENCH_STORES (sqlite,postgres),
 * BENCH_CONNECTIONS (16), DATABASE_URL for PostgreSQL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/core/clock.js';
import type { IncomingEvent, Profile } from '../src/core/types.js';
import { foldEventIntoProfile } from '../src/engine/profile/fold-event.js';
import { newProfile } from '../src/engine/profile/new-profile.js';
import { benchServer } from './bench-server.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { loadDefinitions, type LoadedDefinitions } from '../src/definitions/index.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { segmentCalls } from './workload.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 100;
const WRITE_KEY = 'bench-write-key';

interface Target {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  let dir: string | null = null;
  return {
    name: 'sqlite',
    open: () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
      return openStore({ file: join(dir, 'bench.db') });
    },
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}

function postgresTarget(): Target {
  const schemas: string[] = [];
  let n = 0;
  return {
    name: 'postgres',
    open: () => {
      const schema = `cairn_bench_${process.pid}_${n++}`;
      schemas.push(schema);
      return openStore({ databaseUrl: PG_URL, schema });
    },
    cleanup: async () => {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: PG_URL });
      await client.connect();
      for (const schema of schemas.splice(0)) {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
      // The next measurement starts with no dirty pages left to write by the last one.
      await client.query('CHECKPOINT');
      await client.end();
    },
  };
}

/** Events as ingest produces them, in batches the size a group commit typically reaches. */
function normalizedBatches(size: number): IncomingEvent[][] {
  const batches: IncomingEvent[][] = [];
  let batch: unknown[] = [];
  for (const call of segmentCalls({ users: USERS }, EVENTS)) {
    batch.push(call);
    if (batch.length === size) {
      batches.push(parseBatch({ batch }, systemClock.now(), 'api').events);
      batch = [];
    }
  }
  if (batch.length) batches.push(parseBatch({ batch }, systemClock.now(), 'api').events);
  return batches;
}

/** The raw limit: the same events and their final profile rows, written with bulk calls only. */
async function rawStoreRate(store: Store): Promise<number> {
  const batches = normalizedBatches(1000);
  const profiles = new Map<string, Profile>();
  const prepared = batches.map((events) => {
    const touched = new Map<string, Profile>();
    for (const event of events) {
      const id = event.userId!;
      const profile = profiles.get(id) ?? newProfile(id, event.timestamp);
      profiles.set(id, profile);
      foldEventIntoProfile(profile, event);
      touched.set(id, structuredClone(profile));
    }
    return {
      rows: events.map((e) => ({ ...e, profileId: e.userId! })),
      profiles: [...touched.values()],
    };
  });
  const started = performance.now();
  for (const { rows, profiles: docs } of prepared) {
    await store.transaction(async (tx) => {
      await tx.insertEvents(rows);
      await tx.putProfiles(docs);
    });
  }
  return EVENTS / ((performance.now() - started) / 1000);
}

async function httpRate(store: Store, definitions: LoadedDefinitions | null): Promise<number> {
  const { app, address } = await benchServer(store, definitions, WRITE_KEY);
  try {
    const client = fork(fileURLToPath(new URL('./http-load.js', import.meta.url)), [], {
      env: {
        ...process.env,
        TARGET: address,
        WRITE_KEY,
        EVENTS: String(EVENTS),
        USERS: String(USERS),
        BATCH: String(BATCH),
        CONNECTIONS: String(CONNECTIONS),
      },
    });
    const result = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
      client.once('message', (m) => resolve(m as { seconds: number; failed: number }));
      client.once('error', reject);
      client.once(
        'exit',
        (code) => code && reject(new Error(`load generator exited with ${code}`)),
      );
    });
    if (result.failed) throw new Error(`${result.failed} requests failed`);
    const stored = await store.countEvents();
    if (stored < EVENTS) throw new Error(`expected ${EVENTS} events stored, found ${stored}`);
    return EVENTS / result.seconds;
  } finally {
    await app.close();
  }
}

/** The example workspace, from the source tree (bench/) or the compiled one (dist/bench/). */
const EXAMPLE = ['../examples/saas/cairn.yaml', '../../examples/saas/cairn.yaml']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path))!;

/** One measurement on a fresh database, removed afterwards so the next starts clean. */
async function measure(target: Target, run: (store: Store) => Promise<number>): Promise<number> {
  const store = await target.open();
  try {
    await store.migrate();
    return await run(store);
  } finally {
    await store.close();
    await target.cleanup();
  }
}

async function main() {
  const definitions = await loadDefinitions(EXAMPLE);
  console.log(
    `Cairn ingest benchmark: ${EVENTS} events, ${USERS} users, batches of ${BATCH}, ${CONNECTIONS} connections`,
  );
  const f = (n: number) => Math.round(n).toLocaleString('en-US').padStart(7);
  for (const name of STORES) {
    const target = name === 'postgres' ? postgresTarget() : sqliteTarget();
    try {
      const raw = await measure(target, rawStoreRate);
      const foundation = await measure(target, (store) => httpRate(store, null));
      const withState = await measure(target, (store) => httpRate(store, definitions));
      console.log(
        `${target.name.padEnd(9)} raw store limit ${f(raw)} events/s | http, profiles only ${f(foundation)} events/s ` +
          `(${(foundation / raw).toFixed(2)} of raw) | http + state (example workspace) ${f(withState)} events/s ` +
          `(${(withState / foundation).toFixed(2)} of profiles only)`,
      );
    } finally {
      await target.cleanup();
    }
  }
}

await main();
