/**
 * `npm run bench:import`: `cairn import` with state (the example workspace) into a fresh SQLite
 * file — the real `importEvents`, reading an NDJSON file of Segment calls — beside the machine
 * reference measured in the same run (bench/machine-reference.ts). Two files of the same events:
 * in time order, and sorted by user then time (as a warehouse export often is).
 *
 * Prints events/s (wall), CPU µs per event (`process.cpuUsage`: every thread of the process), the
 * load average and the peak RSS; the target is ≥ 30,000 events/s. Each import is then verified,
 * untimed: every line is stored once, and the profiles and accounts of a few accounts' users
 * equal those the same events give applied one by one through `applyEvents` (the ingest path's
 * core) in a second store.
 *
 * Options (env): BENCH_IMPORT_EVENTS (default 100000), BENCH_IMPORT_USERS (20000),
 * BENCH_IMPORT_ORDERS (time,user), BENCH_IMPORT_BATCH and BENCH_IMPORT_TX_KEYS (the import's
 * `batchSize` and `transactionKeys`; its defaults when unset). Profile
 * with `node --cpu-prof dist/bench/import.js`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../src/core/clock.js';
import { loadDefinitions, type LoadedDefinitions } from '../src/definitions/index.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { applyEvents } from '../src/runtime/apply-events.js';
import { bringStateUpToDate } from '../src/runtime/derive-history.js';
import { importEvents } from '../src/runtime/import-events.js';
import { Workspace } from '../src/runtime/workspace.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { bareInsertAndUpsertRate } from './machine-reference.js';
import { segmentCalls } from './workload.js';
import { EXAMPLE } from './example-workspace.js';

const EVENTS = Number(process.env.BENCH_IMPORT_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_IMPORT_USERS ?? 20_000);
const ORDERS = (process.env.BENCH_IMPORT_ORDERS ?? 'time,user').split(',');
const BATCH = process.env.BENCH_IMPORT_BATCH ? Number(process.env.BENCH_IMPORT_BATCH) : undefined;
const TX_KEYS = process.env.BENCH_IMPORT_TX_KEYS
  ? Number(process.env.BENCH_IMPORT_TX_KEYS)
  : undefined;
const TARGET = 30_000;
/** The workload's accounts (`acct-${user % 500}`) whose users' profiles are verified. */
const CHECKED_ACCOUNTS = [0, 1, 2, 3];

type Call = Record<string, unknown>;

interface Measured {
  rate: number;
  cpu: number;
  stored: number;
  load: number[];
}

/** Imports `file` into a fresh SQLite store in `dir`; returns the figures and the open store. */
async function timedImport(
  dir: string,
  file: string,
  definitions: LoadedDefinitions,
  clock: FakeClock,
): Promise<{ measured: Measured; store: Store }> {
  const store = await openStore({ file: join(dir, `import-${clock.now()}.db`) });
  await store.migrate();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await importEvents(store, file, clock, {
    workspace: new Workspace(definitions),
    batchSize: BATCH,
    transactionKeys: TX_KEYS,
  });
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const load = loadavg();
  assert.equal(result.invalid, 0, 'no line of the workload is invalid');
  assert.equal(result.duplicates, 0, 'no line of the workload is a duplicate');
  return {
    measured: {
      rate: result.stored / seconds,
      cpu: (user + system) / result.stored,
      stored: result.stored,
      load,
    },
    store,
  };
}

/** Every line stored once, as an imported event. */
async function verifyCount(store: Store, calls: Call[]): Promise<void> {
  let imported = 0;
  const ids = new Set<string>();
  for (let after = 0; ;) {
    const events = await store.readEvents(after, 10_000);
    if (!events.length) break;
    for (const event of events) {
      if (event.source !== 'import') continue;
      imported += 1;
      ids.add(event.messageId);
    }
    after = events[events.length - 1].seq;
  }
  assert.equal(imported, calls.length, 'events stored = events in the file');
  assert.equal(ids.size, calls.length, 'each event stored once');
}

/**
 * The users of CHECKED_ACCOUNTS (every event of theirs, so those accounts are complete) applied
 * event by event in the file's order, each in its own transaction at its own time, then brought
 * up to `now`; their
 * profiles and accounts must equal the import's.
 */
async function verifyStates(
  store: Store,
  calls: Call[],
  definitions: LoadedDefinitions,
  dir: string,
  now: number,
): Promise<number> {
  const users = new Set<string>();
  for (const call of calls) {
    const n = Number(String(call.userId).slice('user-'.length));
    if (CHECKED_ACCOUNTS.includes(n % 500)) users.add(String(call.userId));
  }
  // In the file's order, as the import reads it: an account folds its members' events in it.
  const theirs = calls.filter((c) => users.has(String(c.userId)));
  const reference = await openStore({ file: join(dir, `reference-${now}.db`) });
  try {
    await reference.migrate();
    for (const call of theirs) {
      const { events, rejected } = parseBatch({ batch: [call] }, now, 'import');
      assert.equal(rejected.length, 0);
      await reference.transaction((tx) =>
        applyEvents(tx, events, { definitions, now, stateAtEventTime: true }),
      );
    }
    await bringStateUpToDate(reference, definitions, users, now);
    for (const id of users) {
      assert.deepEqual(await store.getProfile(id), await reference.getProfile(id), id);
    }
    for (const n of CHECKED_ACCOUNTS) {
      const id = `acct-${n}`;
      assert.deepEqual(await store.getAccount(id), await reference.getAccount(id), id);
    }
    return users.size;
  } finally {
    await reference.close();
  }
}

async function main() {
  const definitions = await loadDefinitions(EXAMPLE);
  const calls = [...segmentCalls({ users: USERS }, EVENTS)];
  const byUser = [...calls].sort(
    (a, b) =>
      String(a.userId).localeCompare(String(b.userId)) ||
      String(a.timestamp).localeCompare(String(b.timestamp)),
  );
  const files: Record<string, Call[]> = { time: calls, user: byUser };
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `Cairn import benchmark: ${f(EVENTS)} events of ${f(USERS)} users, SQLite, example workspace, ` +
      `transactions of ${BATCH ?? 'default'} events, ${TX_KEYS ?? 'default'} identities; target ≥ ${f(TARGET)} events/s`,
  );
  const reference = bareInsertAndUpsertRate(EVENTS, USERS);
  console.log(
    `machine reference (bare SQLite insert + user upsert, random text keys, no Cairn code): ${f(reference)} rows/s`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-import-'));
  try {
    for (const order of ORDERS) {
      const file = join(dir, `${order}.ndjson`);
      writeFileSync(file, files[order].map((c) => JSON.stringify(c)).join('\n') + '\n');
      // One fixed "now" for the import and its reference: state is brought up to it.
      const clock = new FakeClock(Date.now());
      const { measured, store } = await timedImport(dir, file, definitions, clock);
      try {
        await verifyCount(store, files[order]);
        const checked = await verifyStates(store, files[order], definitions, dir, clock.now());
        console.log(
          `  ${order === 'time' ? 'in time order    ' : 'by user, then time'}: ${f(measured.rate).padStart(6)} events/s ` +
            `(${(measured.rate / reference).toFixed(3)} of the reference, ${(measured.rate / TARGET).toFixed(2)} of the target), ` +
            `${measured.cpu.toFixed(0)} µs CPU/event | load ${measured.load.map((l) => l.toFixed(2)).join(' ')} | ` +
            `verified: ${f(measured.stored)} stored, ${checked} users' profiles and ${CHECKED_ACCOUNTS.length} accounts equal applied one by one`,
        );
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB | load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
