/**
 * `npm run bench:ingest:processes`: PostgreSQL, HTTP with state (the with-state phase of
 * bench:ingest: the example workspace, batches of 100, the same load) served by one and by two
 * server processes on one database. Each server is a process of its own (bench/ingest-server.ts);
 * the load generator's connections go to the servers in turn, so one user's batches reach both
 * and their order rests on the store's per-user locks.
 *
 * Printed per run: events/s; server CPU µs per event (all server processes, all threads);
 * PostgreSQL's CPU µs per event (the backends serving the servers, and its auxiliary processes:
 * checkpointer, WAL writer…, from /proc); what those backends were doing (pg_stat_activity,
 * sampled every 20 ms: running, waiting for an advisory lock, for the WAL, idle in transaction
 * i.e. waiting for the server process); deadlocks and rollbacks (each a retried transaction);
 * the load average before and after; and the ratio two/one of each round.
 *
 * Checked after every run: each of the load's events is stored exactly once, and a sample of
 * users' profiles (with their state) equals the first one-process run's.
 *
 * Options (env): BENCH_EVENTS (default 200000), BENCH_USERS (20000), BENCH_CONNECTIONS (16),
 * BENCH_ROUNDS (2; each round runs one and two processes, alternating which goes first),
 * BENCH_ACCOUNTS (1; 0 leaves the accounts out of the load's tracks),
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Profile } from '../src/core/types.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { median } from './median.js';
import {
  cpuBetween,
  databaseCounters,
  isAuxiliary,
  postgresCpu,
  sampleActivity,
  type ActivitySample,
} from './pg-probe.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** 0: the tracks carry no account, so no two groups share one (to measure what accounts cost). */
const ACCOUNTS = process.env.BENCH_ACCOUNTS ?? '1';
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 100;
const WRITE_KEY = 'bench-write-key';
/** A database of the bench's own, so its commit and deadlock counters are the servers' alone. */
const DATABASE = `cairn_bench_processes_${process.pid}`;
const DB_URL = (() => {
  const url = new URL(PG_URL);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
/** The users whose profiles are compared between runs: every 97th. */
const SAMPLE = Array.from({ length: Math.ceil(USERS / 97) }, (_, i) => `user-${i * 97}`);
/** The load's events carry these message ids (bench/workload.ts, seed 7). */
const MESSAGE_ID = /^bench-7-(\d+)$/;

interface Run {
  processes: number;
  rate: number;
  /** µs of CPU per event: the servers, PostgreSQL's backends for them, its auxiliary processes. */
  serverCpu: number;
  backendCpu: number;
  auxiliaryCpu: number;
  load: [number, number];
  activity: ActivitySample;
  deadlocks: number;
  rollbacks: number;
  /** Group commits, counted by the servers. */
  commits: number;
  profiles: Map<string, string>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('error', reject);
  });
}

async function startServer(schema: string, applicationName: string) {
  const child = fork(here('./ingest-server.js'), [], {
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      SCHEMA: schema,
      WRITE_KEY,
      // node-postgres names its connections after it: how pg_stat_activity tells them apart.
      PGAPPNAME: applicationName,
    },
  });
  const { address } = await nextMessage<{ address: string }>(child);
  return { child, address };
}

/** A server's CPU µs so far (all threads) and its group commits so far. */
async function serverCounters(child: ChildProcess): Promise<{ cpu: number; commits: number }> {
  const reply = nextMessage<{ cpu: NodeJS.CpuUsage; commits: number }>(child);
  child.send('cpu');
  const { cpu, commits } = await reply;
  return { cpu: cpu.user + cpu.system, commits };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('close');
  await exited;
}

async function runLoad(targets: string[]): Promise<number> {
  const client = fork(here('./http-load.js'), [], {
    env: {
      ...process.env,
      TARGET: targets.join(','),
      WRITE_KEY,
      EVENTS: String(EVENTS),
      USERS: String(USERS),
      BATCH: String(BATCH),
      CONNECTIONS: String(CONNECTIONS),
      ACCOUNTS,
      // The events' own times, so every run stores the same ones and profiles can be compared.
      KEEP_TIMESTAMPS: '1',
    },
  });
  const result = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
    client.once('message', (m) => resolve(m as { seconds: number; failed: number }));
    client.once('error', reject);
    client.once('exit', (code) => code && reject(new Error(`load generator exited with ${code}`)));
  });
  if (result.failed) throw new Error(`${result.failed} requests failed`);
  return result.seconds;
}

/** Every event of the load stored once: the log read through, its message ids counted. */
async function checkStoredOnce(store: Store): Promise<void> {
  const seen = new Uint8Array(EVENTS);
  let after = 0;
  let received = 0;
  for (;;) {
    const page = await store.readEvents(after, 5000);
    if (!page.length) break;
    for (const event of page) {
      const match = MESSAGE_ID.exec(event.messageId);
      if (!match) continue;
      const index = Number(match[1]);
      if (index >= EVENTS || seen[index]) throw new Error(`event ${event.messageId} stored twice`);
      seen[index] = 1;
      received += 1;
    }
    after = page[page.length - 1].seq;
  }
  if (received !== EVENTS) throw new Error(`${EVENTS} events sent, ${received} stored`);
}

/**
 * The load's events happened in January 2026; state is evaluated at the server's clock (when a
 * stage or segment was entered, when the state was computed, its next check). Those times
 * differ from run to run and are written as `now`; every other field is compared as stored.
 */
const RUN_TIMES_FROM = Date.now() - 24 * 3600_000;
/** Object keys are sorted: a user's counters are listed in the order their events arrived. */
const withoutRunTimes = (_: string, value: unknown) => {
  if (typeof value === 'number' && value >= RUN_TIMES_FROM) return 'now';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return value;
};

async function sampledProfiles(store: Store): Promise<Map<string, string>> {
  const profiles = new Map<string, string>();
  for (const id of SAMPLE) {
    const profile: Profile | null = await store.getProfile(id);
    profiles.set(id, JSON.stringify(profile, withoutRunTimes));
  }
  return profiles;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The lock keys of the load's accounts (bench/workload.ts: acct-0 … acct-499), as the store
 * hashes them (src/store/postgres/queries/locks.ts, its keys prefixed with the schema). */
async function accountKeyHashes(schema: string): Promise<Set<string>> {
  const keys = Array.from({ length: 500 }, (_, i) => `${schema}:account:acct-${i}`);
  const { rows } = await withClient(DB_URL, (client) =>
    client.query<{ hash: string }>(
      'SELECT hashtextextended(k, 0)::text AS hash FROM unnest($1::text[]) AS k',
      [keys],
    ),
  );
  return new Set(rows.map((r) => r.hash));
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  // The next measurement starts with no dirty pages left to write by this one.
  await client.query('CHECKPOINT');
  await client.end();
}

let measured = 0;

async function measure(processes: number): Promise<Run> {
  const schema = `cairn_bench_procs_${process.pid}_${measured}`;
  const applicationName = `cairn-bench-${process.pid}-${measured++}`;
  const store = await openStore({ databaseUrl: DB_URL, schema });
  try {
    await store.migrate();
    const accountKeys = await accountKeyHashes(schema);
    const servers = await Promise.all(
      Array.from({ length: processes }, () => startServer(schema, applicationName)),
    );
    const load0 = loadavg()[0];
    const counters0 = await databaseCounters(DB_URL);
    const before = await Promise.all(servers.map((s) => serverCounters(s.child)));
    const pg0 = postgresCpu();
    const sampler = await sampleActivity(PG_URL, applicationName, (hash) =>
      accountKeys.has(hash) ? 'an account' : 'a user',
    );
    const seconds = await runLoad(servers.map((s) => s.address));
    const activity = await sampler.stop();
    const pg1 = postgresCpu();
    const after = await Promise.all(servers.map((s) => serverCounters(s.child)));
    const sum = (key: 'cpu' | 'commits') =>
      after.reduce((total, counters, i) => total + counters[key] - before[i][key], 0);
    const load1 = loadavg()[0];
    // Closing the pools ends the backends, which reports their counters.
    await Promise.all(servers.map((s) => stopServer(s.child)));
    const counters1 = await databaseCounters(DB_URL);
    await checkStoredOnce(store);
    const profiles = await sampledProfiles(store);
    const perEvent = (seconds: number) => (seconds * 1e6) / EVENTS;
    return {
      processes,
      rate: EVENTS / seconds,
      serverCpu: sum('cpu') / EVENTS,
      backendCpu: perEvent(cpuBetween(pg0, pg1, (pid) => activity.pids.has(pid))),
      auxiliaryCpu: perEvent(cpuBetween(pg0, pg1, (_, title) => isAuxiliary(title))),
      load: [load0, load1],
      activity,
      deadlocks: counters1.deadlocks - counters0.deadlocks,
      rollbacks: counters1.rollbacks - counters0.rollbacks,
      commits: sum('commits'),
      profiles,
    };
  } finally {
    await store.close();
    await dropSchema(schema);
  }
}

/** A profile's JSON with fractions to 12 significant digits: a decayed score summed over events
 * taken in another order (arrival order varies between runs) can differ in its last bits. */
const rounded = (json: string) =>
  JSON.stringify(JSON.parse(json), (_, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value,
  );

/** The sampled users whose profile differs from the reference run's, and the first such. */
function compareProfiles(run: Run, reference: Run): string {
  const differing = SAMPLE.filter((id) => run.profiles.get(id) !== reference.profiles.get(id));
  if (!differing.length) return `all ${SAMPLE.length} sampled profiles equal the reference's`;
  const mine = (id: string) => rounded(run.profiles.get(id)!);
  const theirs = (id: string) => rounded(reference.profiles.get(id)!);
  const beyondRounding = differing.filter((id) => mine(id) !== theirs(id));
  const summary =
    `${SAMPLE.length - differing.length} of ${SAMPLE.length} sampled profiles equal the reference's, ` +
    `${differing.length - beyondRounding.length} equal to 12 significant digits`;
  if (!beyondRounding.length) return summary;
  const id = beyondRounding[0];
  return `${summary}, ${beyondRounding.length} DIFFER; ${id}:\n    ${theirs(id)}\n    ${mine(id)}`;
}

function describe(run: Run): string {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const total = [...run.activity.states.values()].reduce((a, b) => a + b, 0);
  const share = (n: number) => `${((100 * n) / total).toFixed(0)}%`;
  const sorted = [...run.activity.states.entries()].sort((a, b) => b[1] - a[1]);
  // States under 1% of the samples are summed as one.
  const rare = sorted.filter(([, n]) => n / total < 0.01).reduce((sum, [, n]) => sum + n, 0);
  const states = [
    ...sorted.filter(([, n]) => n / total >= 0.01).map(([what, n]) => `${what} ${share(n)}`),
    ...(rare ? [`others ${((100 * rare) / total).toFixed(1)}%`] : []),
  ].join(', ');
  const busy = total / run.activity.samples;
  return (
    `${run.processes} process${run.processes > 1 ? 'es' : ''}: ${f(run.rate)} events/s | ` +
    `CPU µs/event: servers ${run.serverCpu.toFixed(0)}, PostgreSQL backends ${run.backendCpu.toFixed(0)}, ` +
    `its auxiliary processes ${run.auxiliaryCpu.toFixed(0)} | load average ${run.load[0].toFixed(2)} → ${run.load[1].toFixed(2)}\n` +
    `    backends (${busy.toFixed(1)} on average, ${run.activity.samples} samples): ${states}\n` +
    `    group commits ${f(run.commits)} (${f(EVENTS / run.commits)} events each), transactions rolled back ` +
    `and retried ${f(run.rollbacks)}, deadlocks among them ${f(run.deadlocks)}`
  );
}

async function main() {
  console.log(
    `Cairn ingest, one and two server processes on one PostgreSQL database: ${EVENTS} events, ` +
      `${USERS} users, batches of ${BATCH}, ${CONNECTIONS} connections spread over the servers, ` +
      `HTTP with state (example workspace${ACCOUNTS === '0' ? ', tracks without accounts' : ''}), ${ROUNDS} rounds`,
  );
  await withClient(PG_URL, (client) => client.query(`CREATE DATABASE ${DATABASE}`));
  try {
    await measureRounds();
  } finally {
    await withClient(PG_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${DATABASE}`));
  }
}

async function measureRounds() {
  const ratios: { rate: number; cpu: number }[] = [];
  let reference: Run | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so a drift in the machine's speed favours neither.
    const order = round % 2 === 0 ? [1, 2] : [2, 1];
    const runs = new Map<number, Run>();
    for (const processes of order) {
      const run = await measure(processes);
      runs.set(processes, run);
      reference ??= run.processes === 1 ? run : null;
      console.log(`  round ${round + 1}, ${describe(run)}`);
    }
    reference ??= runs.get(1)!;
    for (const run of runs.values()) {
      if (run !== reference)
        console.log(`    ${run.processes}: ${compareProfiles(run, reference)}`);
    }
    const [one, two] = [runs.get(1)!, runs.get(2)!];
    const cpu = (r: Run) => r.serverCpu + r.backendCpu + r.auxiliaryCpu;
    ratios.push({ rate: two.rate / one.rate, cpu: cpu(two) / cpu(one) });
    console.log(
      `  round ${round + 1}: two/one ${(two.rate / one.rate).toFixed(2)} in events/s, ` +
        `${(cpu(two) / cpu(one)).toFixed(2)} in CPU per event (servers + PostgreSQL)`,
    );
  }
  // Every round's ratio as well as the median (the upper middle one of an even count).
  const each = (key: 'rate' | 'cpu') => ratios.map((r) => r[key].toFixed(2)).join(', ');
  console.log(
    `two/one: ${each('rate')} in events/s (median ${median(ratios.map((r) => r.rate)).toFixed(2)}), ` +
      `${each('cpu')} in CPU per event (median ${median(ratios.map((r) => r.cpu)).toFixed(2)})`,
  );
}

await main();
