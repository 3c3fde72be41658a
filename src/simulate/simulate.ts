import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { MemoryChannel } from '../channels/email/memory-channel.js';
import { OutboxChannel } from '../channels/email/outbox-channel.js';
import { readSettings, type Settings } from '../config/settings.js';
import { FakeClock } from '../core/clock.js';
import type { IncomingEvent } from '../core/types.js';
import { parseBatch } from '../ingest/parse-batch.js';
import { startCairn, type Cairn } from '../runtime/cairn.js';
import type { MessageRecord, Store } from '../store/store.js';
import { Behavior } from './behavior.js';
import { drawPopulation, DAY } from './population.js';
import { Random } from './random.js';
import { Reactions } from './reactions.js';
import { readAll } from './read-all.js';
import type { SimulationConfig } from './simulation-schema.js';
import { storeDigest } from './store-digest.js';
import { summarize, type SimulationSummary } from './summary.js';
import { groundTruth, type GroundTruth } from './truth.js';

export interface SimulateOptions {
  /** An open store; it is migrated, and left open. */
  store: Store;
  /** The workspace definitions file (cairn.yaml), templates beside it. */
  definitionsFile: string;
  config: SimulationConfig;
  seed: string | number;
  users: number;
  days: number;
  /** Epoch ms of the first simulated moment. */
  start: number;
  /** Deployment settings (the dev outbox folder, SMTP…); default: the environment's, with the
   * definitions file above. */
  settings?: Settings;
  logger?: FastifyBaseLogger;
  onProgress?: (progress: SimulationProgress) => void;
  /** Awaited at each step with the simulated time (to pace a run at a multiple of real time). */
  pace?: (simulated: number) => Promise<void>;
  /**
   * Where email goes: `outbox` (default), the dev outbox's `.eml` files (or SMTP — refused by the
   * command); `memory`, the in-memory channel (`channels/email/memory-channel.ts`): accepted and
   * refused the same way, same Message-IDs, same store, no files.
   */
  email?: 'outbox' | 'memory';
  /** With `email: 'memory'`: the latest this many emails are written to the dev outbox at the
   * end (the demo's inbox to look at); default none. */
  outboxCopies?: number;
  /** Whether to end with the store's digest (a full read of the store): default true. */
  digest?: boolean;
}

export interface SimulationProgress {
  /** Simulated days done. */
  day: number;
  days: number;
  /** Events handed to Cairn so far. */
  events: number;
}

export interface SimulationResult {
  summary: SimulationSummary;
  truth: GroundTruth;
  /** A digest of what the store holds (events, profiles, runs, messages): same seed, same digest.
   * Null when not asked for (`digest: false`). */
  digest: string | null;
  /** What the recipients did with what was delivered in this run (an earlier run's included). */
  reactions: Reactions['counts'];
  /** The email channel used, and with `memory` the emails written to the outbox at the end. */
  email: { channel: 'outbox' | 'memory'; outboxCopies: number };
}

/**
 * How long the reports' comparisons of a period are reused, in simulated time. One period's
 * reports go out over about a day (each recipient's local morning), and the clock moves an hour
 * per step: with the server's ten minutes every such step read every profile again (each time
 * zone's morning, and the steps of deferred sends: 100,000 profiles each at 100,000 users). A
 * reported period is complete, so a build taken at its first report holds what the later ones
 * would read but for late events and badges won since.
 */
const REPORT_COMPARISONS_KEEP_MS = 2 * DAY;

/** Events per `submit` at most: the writer's queue is bounded (HTTP's back-pressure). */
const SUBMIT_CHUNK = 5_000;

/**
 * Drives a synthetic population through the real runtime (`startCairn`, as `cairn serve` runs
 * it, with manual time): at each step of the simulated clock, what people did is validated and
 * normalized as HTTP does (`parseBatch`) and committed by the group-commit writer (state engine,
 * journeys), then every piece of due work up to that moment is done (state timers, journey
 * timers, schedules, deliveries through the real channels). What was delivered comes back to
 * the simulated recipients, who open, click, unsubscribe, read in-app messages and, where a
 * journey carries a planted effect, move toward its goal.
 *
 * Same seed, same store contents; a second run on the same store adds nothing, and a run that
 * was killed picks up where it stopped (see ARCHITECTURE.md).
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const { config, store, days, start } = options;
  const seed = String(options.seed);
  const end = start + days * DAY;
  const clock = new FakeClock(start);
  const settings = options.settings ?? readSettings({ config: options.definitionsFile });
  const delivered: MessageRecord[] = [];
  const retries = Random.of(seed, 'delivery-retries');
  const messageIdDomain = new URL(settings.publicUrl).hostname;
  const copies = Math.max(0, options.outboxCopies ?? 0);
  const memory =
    options.email === 'memory'
      ? new MemoryChannel({ clock, messageIdDomain, keep: Math.max(copies, 100) })
      : null;
  const cairn = await startCairn(
    { ...settings, configFile: options.definitionsFile },
    options.logger ?? pino({ level: 'silent' }),
    clock,
    {
      store,
      manualTime: true,
      onDelivered: (messages) => delivered.push(...messages),
      random: () => retries.next(),
      reportComparisonsKeepMs: REPORT_COMPARISONS_KEEP_MS,
      ...(memory ? { emailChannel: memory } : {}),
    },
  );
  try {
    const population = drawPopulation(config, seed, options.users, start, days);
    const behavior = new Behavior(config, seed, population, end);
    const reactions = new Reactions(cairn, config, seed, population, behavior, end);
    const earlier = await resume(store, start);
    const run = await drive(cairn, clock, behavior, reactions, earlier, options, end);
    await cairn.writer.flush();
    const summary = await summarize(store, population, run.events, end);
    const truth = await groundTruth(store, config, seed, population, options, end);
    const digest = options.digest === false ? null : await storeDigest(store);
    const outboxCopies =
      memory && copies
        ? await copyToOutbox(memory, copies, settings.outboxDir, messageIdDomain)
        : 0;
    const email = { channel: memory ? ('memory' as const) : ('outbox' as const), outboxCopies };
    return { summary, truth, digest, reactions: reactions.counts, email };
  } finally {
    await cairn.close();
  }

  async function drive(
    cairn: Cairn,
    clock: FakeClock,
    behavior: Behavior,
    reactions: Reactions,
    earlier: Map<number, MessageRecord[]>,
    options: SimulateOptions,
    end: number,
  ): Promise<{ events: number }> {
    const tick = config.tick;
    let events = 0;
    let nextWork = -Infinity;
    // The steps an earlier run delivered in: visited again, so their recipients react again.
    const earlierSteps = [...earlier.keys()].sort((a, b) => a - b);
    let t = start;
    while (t < end) {
      // The next step on the grid where anything happens: people, reactions or due work.
      const next = Math.min(
        behavior.agenda.peekTime(),
        behavior.outgoing.peekTime(),
        nextWork,
        earlierSteps[0] ?? Infinity,
        end,
      );
      t = Math.max(t + tick, start + Math.ceil((next - start) / tick) * tick);
      if (t > end) t = end;
      const internal: IncomingEvent[] = [];
      for (let item = behavior.agenda.popDue(t); item; item = behavior.agenda.popDue(t)) {
        if (reactions.owns(item.value)) {
          const event = await reactions.handle(item.at, item.value, t);
          if (event) internal.push(event);
        } else behavior.handle(item.at, item.value);
      }
      await reactions.markReads(t);
      const calls = [];
      for (let call = behavior.outgoing.popDue(t); call; call = behavior.outgoing.popDue(t))
        calls.push(call.value);
      clock.set(t);
      if (calls.length || internal.length) {
        const { events: valid, rejected } = parseBatch(
          { batch: calls, sentAt: new Date(t).toISOString() },
          t,
          'api',
        );
        if (rejected.length)
          throw new Error(`simulated calls rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
        const all = [...valid, ...internal];
        for (let i = 0; i < all.length; i += SUBMIT_CHUNK)
          await cairn.writer.submit(all.slice(i, i + SUBMIT_CHUNK));
        events += all.length;
      }
      delivered.length = 0;
      const work = await cairn.runDueWork(t);
      const outcomes = [...delivered, ...(earlier.get(t) ?? [])];
      earlier.delete(t);
      while (earlierSteps.length && earlierSteps[0]! <= t) earlierSteps.shift();
      reactions.deliveries(outcomes, t);
      nextWork = work.next ?? Infinity;
      options.onProgress?.({ day: (t - start) / DAY, days, events });
      await options.pace?.(t);
    }
    return { events };
  }
}

/** The in-memory channel's latest `count` emails written to the dev outbox, each dated as sent. */
async function copyToOutbox(
  memory: MemoryChannel,
  count: number,
  dir: string,
  messageIdDomain: string,
): Promise<number> {
  const clock = new FakeClock(0);
  const outbox = new OutboxChannel({ dir, clock, messageIdDomain });
  try {
    return await memory.copyTo(outbox, clock, count);
  } finally {
    await outbox.close();
  }
}

/**
 * What an earlier run on this store already did: its deliveries, by the step they were made in
 * (the recipients react to them again, as they did then, so the run goes on the same way), and
 * messages it left `sending` when it was stopped, queued again (the dev outbox and the in-memory
 * channels write a message's file under its own key, so sending it again duplicates nothing).
 */
async function resume(store: Store, start: number): Promise<Map<number, MessageRecord[]>> {
  const byStep = new Map<number, MessageRecord[]>();
  const sent = await readAll((page) => store.listMessages({ state: 'sent' }, page));
  for (const message of sent) {
    const at = message.sentAt ?? start;
    const list = byStep.get(at) ?? [];
    list.push(message);
    byStep.set(at, list);
  }
  const stuck = await readAll((page) => store.listMessages({ state: 'sending' }, page));
  if (stuck.length) {
    await store.transaction((tx) =>
      tx.updateMessages(
        stuck.map((m) => ({
          ...m,
          state: 'queued',
          attempts: Math.max(0, m.attempts - 1),
          leaseUntil: null,
          dueAt: m.updatedAt,
        })),
      ),
    );
  }
  return byStep;
}
