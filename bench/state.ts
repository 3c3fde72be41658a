/**
 * `npm run bench:state`: the state engine alone, with the example workspace. The workload's
 * events are folded into profiles (and accounts) as the runtime does, and `applyState` runs once
 * per event; the bare fold of the same events is measured in the same run, so the figures read
 * as engine µs per event and as a ratio to the fold. CPU time (`process.cpuUsage`), the median
 * of several rounds: the machine is shared, wall time is noisy.
 *
 * Two clocks: `live` evaluates each event at its own time (a user in their first minutes), and
 * `late` evaluates them months later (as `bench:ingest` does with the system clock, where every
 * trial user has gone quiet).
 *
 * Options (env): BENCH_EVENTS (default 100000), BENCH_USERS (20000), BENCH_ROUNDS (5),
 * BENCH_CLOCKS (live,late). Profile with `node --cpu-prof dist/bench/state.js`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Account, IncomingEvent, JsonObject, Profile } from '../src/core/types.js';
import { loadDefinitions, type LoadedDefinitions } from '../src/definitions/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../src/engine/profile/fold-event.js';
import { newAccount, newProfile } from '../src/engine/profile/new-profile.js';
import { applyState } from '../src/engine/state/index.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { segmentCalls } from './workload.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLOCKS = (process.env.BENCH_CLOCKS ?? 'live,late').split(',');
const DAY = 86_400_000;

/** When each event is evaluated, by clock name. */
const LATE_BY = 320 * DAY;
const clocks: Record<string, (event: IncomingEvent) => number> = {
  live: (event) => event.timestamp,
  late: (event) => event.timestamp + LATE_BY,
};

/** The example workspace, from the source tree (bench/) or the compiled one (dist/bench/). */
const EXAMPLE = ['../examples/saas/cairn.yaml', '../../examples/saas/cairn.yaml']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path))!;

function workloadEvents(): IncomingEvent[] {
  const batch = [...segmentCalls({ users: USERS }, EVENTS)];
  const { events, rejected } = parseBatch({ batch }, Date.UTC(2026, 0, 5), 'api');
  if (rejected.length) throw new Error(`${rejected.length} workload events rejected`);
  return events;
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** The fold alone: what ingest does per event before the state engine. */
function foldOnly(events: IncomingEvent[]): number {
  const profiles = new Map<string, Profile>();
  const accounts = new Map<string, Account>();
  return cpuMs(() => {
    for (const event of events) {
      const id = event.userId!;
      let profile = profiles.get(id);
      if (!profile) profiles.set(id, (profile = newProfile(id, event.timestamp)));
      foldEventIntoProfile(profile, event);
      if (event.groupId) {
        let account = accounts.get(event.groupId);
        if (!account)
          accounts.set(event.groupId, (account = newAccount(event.groupId, event.timestamp)));
        foldEventIntoAccount(account, event);
      }
    }
  });
}

interface StateRun {
  ms: number;
  changes: number;
  /** A digest of every change (name, timestamp, properties) and nextCheckAt, to compare runs. */
  digest: string;
}

/** The fold and the state engine, as the runtime runs them (state written back each time). */
function foldAndState(
  events: IncomingEvent[],
  definitions: LoadedDefinitions,
  clock: (event: IncomingEvent) => number,
  digest: boolean,
): StateRun {
  const profiles = new Map<string, Profile>();
  const accounts = new Map<string, Account>();
  const hash = createHash('sha256');
  let changes = 0;
  const ms = cpuMs(() => {
    for (const event of events) {
      const id = event.userId!;
      let profile = profiles.get(id);
      if (!profile) profiles.set(id, (profile = newProfile(id, event.timestamp)));
      foldEventIntoProfile(profile, event);
      if (event.groupId) {
        let account = accounts.get(event.groupId);
        if (!account)
          accounts.set(event.groupId, (account = newAccount(event.groupId, event.timestamp)));
        foldEventIntoAccount(account, event);
      }
      const result = applyState({
        definitions,
        profile,
        accounts: profile.accounts.map((accountId) => accounts.get(accountId)!),
        event,
        now: clock(event),
      });
      profile.state = result.state as unknown as JsonObject;
      for (const accountId in result.accountStates)
        accounts.get(accountId)!.state = result.accountStates[accountId] as unknown as JsonObject;
      changes += result.changes.length;
      if (digest) hash.update(JSON.stringify([result.changes, result.nextCheckAt]));
    }
  });
  return { ms, changes, digest: digest ? hash.digest('hex').slice(0, 12) : '' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const definitions = await loadDefinitions(EXAMPLE);
  const events = workloadEvents();
  console.log(
    `Cairn state engine benchmark: ${EVENTS} events, ${USERS} users, example workspace, ` +
      `median CPU time of ${ROUNDS} rounds`,
  );
  const f = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  for (const name of CLOCKS) {
    const clock = clocks[name];
    if (!clock) throw new Error(`unknown clock ${name} (live, late)`);
    // One untimed round warms the JIT and gives the digest (hashing is not timed work).
    const check = foldAndState(events, definitions, clock, true);
    const fold: number[] = [];
    const both: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      fold.push(foldOnly(events));
      both.push(foldAndState(events, definitions, clock, false).ms);
    }
    const foldMs = median(fold);
    const bothMs = median(both);
    const engineUs = Math.max(0, ((bothMs - foldMs) * 1000) / events.length);
    const foldRate = events.length / (foldMs / 1000);
    const bothRate = events.length / (bothMs / 1000);
    console.log(
      `${name.padEnd(5)} fold ${f(foldRate)} events/s | fold + state ${f(bothRate)} events/s ` +
        `(${(bothRate / foldRate).toFixed(3)} of fold) | state ${engineUs.toFixed(2)} µs/event, ` +
        `${f(1_000_000 / engineUs)} events/s | ${check.changes} changes, digest ${check.digest}`,
    );
  }
}

await main();
