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
 * Events come in batches (BENCH_BATCH, 1600) and, as in ingest, each batch reads the profiles and
 * accounts it touches from their stored JSON and writes them back at its end (untimed).
 *
 * Options (env): BENCH_EVENTS (default 100000), BENCH_USERS (20000), BENCH_ROUNDS (5),
 * BENCH_CLOCKS (live,late), BENCH_BATCH (1600; 0 keeps everything in memory). Profile with
 * `node --cpu-prof dist/bench/state.js`.
 */
import { createHash } from 'node:crypto';
import type { Account, IncomingEvent, JsonObject, Profile } from '../src/core/types.js';
import { loadDefinitions, type LoadedDefinitions } from '../src/definitions/index.js';
import { foldEventIntoAccount, foldEventIntoProfile } from '../src/engine/profile/fold-event.js';
import { newAccount, newProfile } from '../src/engine/profile/new-profile.js';
import { applyState } from '../src/engine/state/index.js';
import { parseBatch } from '../src/ingest/parse-batch.js';
import { segmentCalls } from './workload.js';
import { median } from './median.js';
import { EXAMPLE } from './example-workspace.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLOCKS = (process.env.BENCH_CLOCKS ?? 'live,late').split(',');
const BATCH = Number(process.env.BENCH_BATCH ?? 1600);
const DAY = 86_400_000;

/** When each event is evaluated, by clock name. */
const LATE_BY = 320 * DAY;
const clocks: Record<string, (event: IncomingEvent) => number> = {
  live: (event) => event.timestamp,
  late: (event) => event.timestamp + LATE_BY,
};

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

/** One batch's working copies of the profiles and accounts it touches. */
interface Working {
  profiles: Map<string, Profile>;
  accounts: Map<string, Account>;
}

/**
 * Profiles and accounts as the store keeps them: as JSON, read at the start of each batch and
 * written at its end, as `applyEvents` does per group commit (untimed: that is the store's
 * work). The engine then works on freshly read states, as it does in ingest. With BENCH_BATCH=0
 * everything stays in memory instead.
 */
class Documents {
  private readonly profiles = new Map<string, string>();
  private readonly accounts = new Map<string, string>();
  private readonly memory: Working = { profiles: new Map(), accounts: new Map() };

  load(batch: IncomingEvent[]): Working {
    if (BATCH === 0) return this.memory;
    const working: Working = { profiles: new Map(), accounts: new Map() };
    const account = (id: string) => {
      const stored = this.accounts.get(id);
      if (stored && !working.accounts.has(id))
        working.accounts.set(id, JSON.parse(stored) as Account);
    };
    for (const event of batch) {
      const id = event.userId!;
      const stored = this.profiles.get(id);
      if (stored && !working.profiles.has(id)) {
        const profile = JSON.parse(stored) as Profile;
        working.profiles.set(id, profile);
        profile.accounts.forEach(account);
      }
      if (event.groupId) account(event.groupId);
    }
    return working;
  }

  save(working: Working): void {
    if (BATCH === 0) return;
    for (const [id, profile] of working.profiles) this.profiles.set(id, JSON.stringify(profile));
    for (const [id, account] of working.accounts) this.accounts.set(id, JSON.stringify(account));
  }
}

type Step = (event: IncomingEvent, profile: Profile, working: Working) => void;

/** Folds every event, batch by batch, then runs `step` (the state engine, or nothing). */
function run(events: IncomingEvent[], step: Step | null): number {
  const documents = new Documents();
  const size = BATCH === 0 ? events.length : BATCH;
  let ms = 0;
  for (let start = 0; start < events.length; start += size) {
    const batch = events.slice(start, start + size);
    const working = documents.load(batch);
    ms += cpuMs(() => {
      for (const event of batch) {
        const id = event.userId!;
        let profile = working.profiles.get(id);
        if (!profile) working.profiles.set(id, (profile = newProfile(id, event.timestamp)));
        foldEventIntoProfile(profile, event);
        if (event.groupId) {
          let account = working.accounts.get(event.groupId);
          if (!account)
            working.accounts.set(
              event.groupId,
              (account = newAccount(event.groupId, event.timestamp)),
            );
          foldEventIntoAccount(account, event);
        }
        step?.(event, profile, working);
      }
    });
    documents.save(working);
  }
  return ms;
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
  const hash = createHash('sha256');
  let changes = 0;
  const ms = run(events, (event, profile, { accounts }) => {
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
  });
  return { ms, changes, digest: digest ? hash.digest('hex').slice(0, 12) : '' };
}

async function main() {
  const definitions = await loadDefinitions(EXAMPLE);
  const events = workloadEvents();
  console.log(
    `Cairn state engine benchmark: ${EVENTS} events, ${USERS} users, example workspace, ` +
      `batches of ${BATCH || 'all'}, median CPU time of ${ROUNDS} rounds`,
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
      fold.push(run(events, null));
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
