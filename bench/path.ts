/**
 * `npm run bench:path`: the whole path a workspace runs — HTTP → state → journeys → delivery to
 * the dev outbox — with the example workspace, started as `cairn serve` starts it (startCairn,
 * every background loop running, the system clock). A load-generator process posts batches of
 * 100 over 8 connections: first NEW users (an identify each, Signed Up, then tracks), then
 * RETURNING users (tracks from the same users). Each phase prints, beside its rates:
 *
 * - accepted/s (HTTP acknowledged) and whole path/s (until every message due is delivered);
 * - the server's CPU µs per event (all its threads: HTTP, writer, delivery, outbox writer);
 * - bytes stored per received event, and per table (its indexes included), from SQLite's dbstat
 *   or PostgreSQL's pg_total_relation_size; rows per received event for the big tables;
 * - the WAL's largest size (SQLite, sampled every 20 ms) and the process's peak RSS.
 *
 * Then the machine reference (bench/machine-reference.ts) in the same run, `uptime`'s load and
 * this process's CPU time: on a shared machine ratios and bytes per event are what compare.
 *
 * Options (env): BENCH_PATH_USERS (50000), BENCH_PATH_PER_USER (4 calls per new user),
 * BENCH_PATH_RETURNING (100000 events), BENCH_CONNECTIONS (8), BENCH_STORES (sqlite; or
 * sqlite,postgres), DATABASE_URL for PostgreSQL, BENCH_PATH_KEEP=1 to keep the SQLite file.
 *
 * BENCH_PATH_STORED (0): profiles stored before the phases, in bulk through the store (copies of
 * one profile the server made from a new user's calls, each with its own ids, email and name),
 * so that the users driven through HTTP are a few active ones among many stored: the issue's
 * "1,000,000 profiles stored, 20,000 active" is BENCH_PATH_STORED=1000000 BENCH_PATH_USERS=20000.
 * Peak RSS is then printed for the bulk load and for the phases after it, with the V8 heap.
 */
import { fork, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { readSettings } from '../src/config/settings.js';
import { startCairn, type Cairn } from '../src/runtime/cairn.js';
import { storeFromSettings } from '../src/runtime/store-from-settings.js';
import { openStore } from '../src/store/open-store.js';
import type { Profile } from '../src/core/types.js';
import { bareInsertAndUpsertRate } from './machine-reference.js';

const USERS = Number(process.env.BENCH_PATH_USERS ?? 50_000);
const PER_USER = Number(process.env.BENCH_PATH_PER_USER ?? 4);
const RETURNING = Number(process.env.BENCH_PATH_RETURNING ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const STORES = (process.env.BENCH_STORES ?? 'sqlite').split(',');
const STORED = Number(process.env.BENCH_PATH_STORED ?? 0);
/** BENCH_PATH_KEEP=1 keeps the temporary directory (the SQLite file, the outbox) to inspect. */
const KEEP = process.env.BENCH_PATH_KEEP === '1';
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 100;
const WRITE_KEY = 'sk_bench_path';

const EXAMPLE = ['../examples/saas', '../../examples/saas']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(join(path, 'cairn.yaml')))!;

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Sizes {
  total: number;
  tables: Map<string, number>;
  rows: Map<string, number>;
}

const COUNTED = ['events', 'profiles', 'journey_runs', 'messages', 'segment_members'];

function sqliteSizes(file: string): Sizes {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db
      .prepare(
        `SELECT coalesce(m.tbl_name, d.name) AS name, sum(d.pgsize) AS bytes
           FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1`,
      )
      .all() as { name: string; bytes: number }[];
    const tables = new Map(pages.map((p) => [p.name, p.bytes]));
    const rows = new Map(
      COUNTED.map((t) => [
        t,
        (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
      ]),
    );
    return { total: pages.reduce((s, p) => s + p.bytes, 0), tables, rows };
  } finally {
    db.close();
  }
}

async function postgresSizes(url: string, schema: string): Promise<Sizes> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    const tables = new Map<string, number>(
      res.rows.map((r: { name: string; bytes: string }) => [r.name, Number(r.bytes)]),
    );
    const rows = new Map<string, number>();
    for (const t of COUNTED) {
      const r = await client.query(`SELECT count(*)::int AS n FROM "${schema}".${t}`);
      rows.set(t, r.rows[0].n);
    }
    return { total: [...tables.values()].reduce((s, b) => s + b, 0), tables, rows };
  } finally {
    await client.end();
  }
}

function printSizes(label: string, events: number, now: Sizes, before: Sizes | null) {
  const delta = (m: Map<string, number>, k: string, b: Map<string, number> | undefined) =>
    (m.get(k) ?? 0) - (b?.get(k) ?? 0);
  const total = now.total - (before?.total ?? 0);
  console.log(`  ${label}: ${f(total / events)} bytes stored per received event (${mb(total)} MB)`);
  const tables = [...now.tables.keys()]
    .map((t) => ({ t, bytes: delta(now.tables, t, before?.tables) }))
    .filter((x) => x.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  console.log(
    '    per table: ' +
      tables
        .slice(0, 8)
        .map(({ t, bytes }) => `${t} ${f(bytes / events)}`)
        .join(', '),
  );
  console.log(
    '    rows per received event: ' +
      COUNTED.map((t) => `${t} ${(delta(now.rows, t, before?.rows) / events).toFixed(2)}`).join(
        ', ',
      ),
  );
}

/** The load generator (bench/http-load.ts) in its own process; resolves with its seconds. */
function load(address: string, workload: string, events: number, users: number) {
  const child = fork(fileURLToPath(new URL('./http-load.js', import.meta.url)), [], {
    env: {
      ...process.env,
      TARGET: address,
      WRITE_KEY,
      WORKLOAD: workload,
      EVENTS: String(events),
      USERS: String(users),
      BATCH: String(BATCH),
      CONNECTIONS: String(CONNECTIONS),
    },
  });
  return new Promise<number>((resolve, reject) => {
    child.once('message', (m) => {
      const { seconds, failed } = m as { seconds: number; failed: number };
      if (failed) reject(new Error(`${failed} requests failed`));
      else resolve(seconds);
    });
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
  });
}

/** Posts one batch from this process (the template user's calls). */
async function postBatch(address: string, batch: unknown[]) {
  const res = await fetch(`${address}/v1/batch`, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64'),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ batch }),
  });
  if (!res.ok) throw new Error(`template batch: HTTP ${res.status} ${await res.text()}`);
}

/**
 * `count` profiles in bulk: a new user's calls go through HTTP once, and the profile the server
 * made of them (traits, counters, state) is stored `count` times with ids, email and name of
 * its own each, in transactions of 5,000.
 */
async function storeProfiles(cairn: Cairn, address: string, count: number) {
  const now = new Date().toISOString();
  const track = (event: string, id: string) => ({
    type: 'track',
    userId: 'stored-template',
    messageId: id,
    event,
    timestamp: now,
    properties: { projectId: 'p-1', size: 10, source: 'web' },
    context: { groupId: 'acct-stored' },
  });
  await postBatch(address, [
    {
      type: 'identify',
      userId: 'stored-template',
      messageId: 'stored-0',
      timestamp: now,
      traits: { email: 'stored-template@example.com', name: 'Stored Template', plan: 'trial' },
    },
    track('Signed Up', 'stored-1'),
    track('Project Created', 'stored-2'),
    track('Logged In', 'stored-3'),
  ]);
  await drained(cairn);
  const found = await cairn.store.searchProfiles({ query: 'stored-template', limit: 1 });
  const template = found.items[0];
  if (!template) throw new Error('the template profile was not stored');
  const json = JSON.stringify(template);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const CHUNK = 5_000;
  for (let first = 0; first < count; first += CHUNK) {
    const profiles: Profile[] = [];
    for (let n = first; n < Math.min(count, first + CHUNK); n++) {
      const profile = JSON.parse(json) as Profile;
      profile.id = `stored-profile-${n}`;
      profile.userId = `stored-${n}`;
      profile.traits = { ...profile.traits, email: `stored-${n}@example.com`, name: `Stored ${n}` };
      profiles.push(profile);
    }
    await cairn.store.transaction((tx) => tx.putProfiles(profiles));
  }
  const used = process.cpuUsage(cpu);
  console.log(
    `  stored ${f(count)} profiles in bulk (${json.length} bytes of JSON each) in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
  );
}

/** Waits until no message is due now: what the commits queued has been delivered. */
async function drained(cairn: Cairn) {
  await cairn.writer.flush();
  for (;;) {
    const due = await cairn.store.nextMessageDue();
    if (due === null || due > Date.now()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runOn(storeName: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-path-'));
  cpSync(EXAMPLE, join(dir, 'workspace'), { recursive: true });
  const dbFile = join(dir, 'cairn.db');
  const outbox = join(dir, 'outbox');
  const schema = `cairn_bench_path_${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    CAIRN_WRITE_KEY: 'wk_bench_path',
    CAIRN_SERVER_WRITE_KEY: WRITE_KEY,
    CAIRN_ADMIN_KEY: 'ak_bench_path',
    CAIRN_OUTBOX_DIR: outbox,
    // The load is the bench's own: no rate limit in its way.
    CAIRN_RATE_LIMIT_PER_IP: '0',
    CAIRN_RATE_LIMIT_PER_KEY: '0',
  };
  const settings = readSettings(
    { config: join(dir, 'workspace', 'cairn.yaml'), db: dbFile, port: '0', host: '127.0.0.1' },
    env,
  );
  const store =
    storeName === 'postgres'
      ? await openStore({ databaseUrl: PG_URL, schema })
      : await storeFromSettings(settings);
  const cairn = await startCairn(settings, pino({ level: 'silent' }), undefined, { store });
  let largestWal = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const wal = `${dbFile}-wal`;
    if (storeName === 'sqlite' && existsSync(wal))
      largestWal = Math.max(largestWal, statSync(wal).size);
  }, 20);
  const sizes = () =>
    storeName === 'sqlite' ? sqliteSizes(dbFile) : postgresSizes(PG_URL, schema);
  try {
    const address = await cairn.app.listen({ port: 0, host: '127.0.0.1' });
    console.log(`${storeName}:`);
    if (STORED) {
      await storeProfiles(cairn, address, STORED);
      console.log(
        `    peak RSS during the bulk load ${mb(peakRss)} MB (V8 heap used ${mb(peakHeap)} MB)`,
      );
      // From here on the phases' own peak (never below what the bulk load left).
      peakRss = process.memoryUsage.rss();
      peakHeap = 0;
      console.log(`    RSS after the bulk load ${mb(peakRss)} MB`);
    }
    const empty = await sizes();
    const phases: [string, string, number][] = [
      ['new users', 'new', USERS * PER_USER],
      ['returning users', 'returning', RETURNING],
    ];
    let before = empty;
    for (const [label, workload, events] of phases) {
      if (!events) continue;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const seconds = await load(address, workload, events, USERS);
      await drained(cairn);
      const whole = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const now = await sizes();
      const sent = existsSync(outbox) ? readdirSync(outbox).length : 0;
      console.log(
        `  ${label}, ${f(events)} events: accepted ${f(events / seconds)} events/s, whole path ` +
          `${f(events / whole)} events/s (${whole.toFixed(1)} s), CPU ${f((used.user + used.system) / events)} µs/event ` +
          `(user ${f(used.user / events)}, system ${f(used.system / events)}); outbox ${f(sent)} files so far`,
      );
      printSizes(label, events, now, before);
      const wal = storeName === 'sqlite' ? `WAL largest so far ${mb(largestWal)} MB; ` : '';
      const memory = process.memoryUsage();
      console.log(
        `    ${wal}peak RSS so far ${mb(peakRss)} MB (V8 heap used: peak ${mb(peakHeap)} MB, ` +
          `now ${mb(memory.heapUsed)} MB; external ${mb(memory.external)} MB)`,
      );
      before = now;
    }
    printSizes('whole run', USERS * PER_USER + RETURNING, before, empty);
  } finally {
    clearInterval(sample);
    await cairn.close();
    await store.close();
    if (storeName === 'postgres') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    if (KEEP) console.log(`  kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `Cairn whole-path benchmark: example workspace, ${STORED ? `${f(STORED)} profiles stored in bulk, then ` : ''}${f(USERS)} new users × ${PER_USER} calls, then ` +
      `${f(RETURNING)} events from returning users; batches of ${BATCH}, ${CONNECTIONS} connections`,
  );
  console.log(`load before: ${execFileSync('uptime').toString().trim()}`);
  for (const store of STORES) await runOn(store);
  const reference = bareInsertAndUpsertRate(200_000, 20_000);
  console.log(
    `machine reference (bare SQLite insert + user upsert, no Cairn code): ${f(reference)} rows/s`,
  );
  const own = process.cpuUsage();
  console.log(
    `load after: ${execFileSync('uptime').toString().trim()}; this process's CPU ` +
      `${((own.user + own.system) / 1e6).toFixed(1)} s (user ${(own.user / 1e6).toFixed(1)}, system ${(own.system / 1e6).toFixed(1)})`,
  );
}

await main();
