/**
 * `npm run bench:ingest`: events/s over HTTP (batches of 100, through auth, validation, dedupe,
 * store and profile update) on each adapter, beside the raw store limit measured in the same
 * run: the same rows written straight through the adapter's bulk path. Prints the ratio.
 *
 * First it measures the machine itself (bench/machine-reference.ts): the targets — SQLite ≥ 25,000
 * events/s, PostgreSQL ≥ 15,000/s — were set where that reference runs at ~40,000 rows/s.
 *
 * Options (env): BENCH_EVENTS (default 200000), BENCH_USERS (20000), BENCH_STORES (sqlite,postgres),
 * BENCH_CONNECTIONS (16), BENCH_ROUNDS (3: the medians are reported, the ratios being the medians of
 * each round's ratio), DATABASE_URL for PostgreSQL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock.js';
import type { IncomingEvent, Profile } from '../src/core/types.js';
import { foldEventIntoProfile } from '../src/engine/profile/fold-event.js';
import { newProfile } from '../src/engine/profile/new-profile.js';
import { httpRate } from './http-rate.js';
import { bareInsertAndUpsertRate } from './machine-reference.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { loadDefinitions } from '../src/definitions/index.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { segmentCalls } from './workload.js';
import { median } from './median.js';
import { EXAMPLE } from './example-workspace.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 100;
/** The machine reference's rate where the ingest targets were set. */
const REFERENCE_AT_TARGETS = 40_000;
const LOAD = { events: EVENTS, users: USERS, batch: BATCH, connections: CONNECTIONS };

interface Target {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
  /** SQLite: the largest the WAL file grew while a store was open, in bytes. */
  largestWal?: () => number;
}

function sqliteTarget(): Target {
  let dir: string | null = null;
  let largest = 0;
  let watch: NodeJS.Timeout | null = null;
  return {
    name: 'sqlite',
    open: () => {
      dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
      const wal = join(dir, 'bench.db-wal');
      // The WAL's size, sampled: it must stay near CAIRN_SQLITE_WAL_LIMIT_MB under load.
      watch = setInterval(() => {
        if (existsSync(wal)) largest = Math.max(largest, statSync(wal).size);
      }, 20);
      return openStore({ file: join(dir, 'bench.db') });
    },
    cleanup: async () => {
      if (watch) clearInterval(watch);
      watch = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
    largestWal: () => largest,
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

/** One measurement on a fresh database, removed afterwards so the next starts clean. */
async function measure<T>(target: Target, run: (store: Store) => Promise<T>): Promise<T> {
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
    `Cairn ingest benchmark: ${EVENTS} events, ${USERS} users, batches of ${BATCH}, ${CONNECTIONS} connections, ` +
      `median of ${ROUNDS} rounds`,
  );
  const f = (n: number) => Math.round(n).toLocaleString('en-US').padStart(7);
  const reference = bareInsertAndUpsertRate(EVENTS, USERS);
  const scale = reference / REFERENCE_AT_TARGETS;
  console.log(
    `machine reference (bare SQLite insert + user upsert, random text keys, no Cairn code): ${f(reference)} rows/s, ` +
      `${scale.toFixed(2)} × the ~${REFERENCE_AT_TARGETS.toLocaleString('en-US')}/s where the targets were set ` +
      `(SQLite ≥ 25,000/s and PostgreSQL ≥ 15,000/s there: ~${f(25_000 * scale).trim()}/s and ~${f(15_000 * scale).trim()}/s here)`,
  );
  for (const name of STORES) {
    const target = name === 'postgres' ? postgresTarget() : sqliteTarget();
    const raw: number[] = [];
    const foundation: { rate: number; cpu: number }[] = [];
    const withState: { rate: number; cpu: number }[] = [];
    try {
      // The three measurements of a round run one after the other, so each ratio compares
      // figures taken under the same conditions; the median round absorbs a passing load spike.
      for (let round = 0; round < ROUNDS; round++) {
        raw.push(await measure(target, rawStoreRate));
        foundation.push(await measure(target, (store) => httpRate(store, null, LOAD)));
        withState.push(await measure(target, (store) => httpRate(store, definitions, LOAD)));
        const [r, p, s] = [raw[round], foundation[round], withState[round]];
        console.log(
          `  round ${round + 1}: raw ${f(r)}/s | profiles only ${f(p.rate)}/s (${(p.rate / r).toFixed(2)}), ` +
            `${p.cpu.toFixed(0)} µs CPU/event | with state ${f(s.rate)}/s (${(s.rate / p.rate).toFixed(2)}), ` +
            `${s.cpu.toFixed(0)} µs CPU/event (CPU ratio ${(p.cpu / s.cpu).toFixed(2)})`,
        );
      }
      const ofRaw = median(foundation.map((p, i) => p.rate / raw[i]));
      const ofFoundation = median(withState.map((s, i) => s.rate / foundation[i].rate));
      console.log(
        `${target.name.padEnd(9)} raw store limit ${f(median(raw))} events/s | http, profiles only ${f(median(foundation.map((p) => p.rate)))} events/s ` +
          `(${ofRaw.toFixed(2)} of raw) | http + state (example workspace) ${f(median(withState.map((s) => s.rate)))} events/s ` +
          `(${ofFoundation.toFixed(2)} of profiles only)`,
      );
      if (target.largestWal) {
        const mb = (target.largestWal() / 1024 / 1024).toFixed(1);
        console.log(
          `${target.name.padEnd(9)} largest WAL ${mb} MB (limit 128 MB, sampled every 20 ms)`,
        );
      }
    } finally {
      await target.cleanup();
    }
  }
}

await main();
