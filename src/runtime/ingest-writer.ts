import { systemClock, type Clock } from '../core/clock.js';
import type { IncomingEvent } from '../core/types.js';
import type { DeadLetter, Store } from '../store/store.js';
import { applyEvents, type AppliedBatch } from './apply-events.js';
import { isolateFailures } from './isolate-failures.js';
import type { Workspace } from './workspace.js';

export interface IngestWriterOptions {
  /** Events waiting for a commit at most; past it, `submit` refuses (HTTP answers 429). */
  maxQueued?: number;
  /** Events per transaction at most. */
  maxBatch?: number;
  /** Group commits in flight at once; 1 by default. With 2 on SQLite the next group is applied
   * while the previous commit is synced to disk, on PostgreSQL the groups run side by side (each
   * waiting for the locks of the users and accounts it shares with the other). Either way each
   * group is about half as big, and a commit's cost goes with the pages it writes, not with its
   * events: a profile's page is written once per commit whether one of its rows changed or ten.
   * With many users, one larger group per commit measured faster on both databases. */
  concurrency?: number;
  /** The definitions state is derived with; none: profiles only. */
  workspace?: Workspace;
  clock?: Clock;
  /** Called after each commit with what was stored (state engine, journeys, metrics). */
  onCommitted?: (applied: AppliedBatch) => void;
  /** Applies a group inside its transaction; `applyEvents` unless a test puts a failing one in
   * its place (to prove a group that throws is isolated, whatever throws). */
  applyEvents?: typeof applyEvents;
}

const NO_FAILURES = new Map<string, DeadLetter>();

export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the write queue is full');
    this.name = 'QueueFullError';
  }
}

interface Pending {
  events: IncomingEvent[];
  resolve: (result: SubmitResult) => void;
  reject: (error: unknown) => void;
}

export interface SubmitResult {
  stored: number;
  duplicates: number;
  /** Events that could not be applied and were set aside as dead letters, by their index in the
   * submitted list (none when every event was applied). */
  failed: FailedEvent[];
}

export interface FailedEvent {
  index: number;
  deadLetter: DeadLetter;
}

/**
 * Group commit: requests that arrive while a transaction is running wait together and are
 * committed by the next one, so the cost of a commit (and its fsync) is shared by many requests.
 * A request's promise resolves only once its events are durable. The queue is bounded: a full
 * queue is refused at once rather than grown, which is the back-pressure HTTP turns into 429.
 */
export class IngestWriter {
  private readonly queue: Pending[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  /** Wakes the drain loop waiting for a request while a slot is free. */
  private arrived: (() => void) | null = null;
  private readonly maxQueued: number;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly store: Store,
    private readonly options: IngestWriterOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? 50_000;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.concurrency = options.concurrency ?? 1;
  }

  get depth(): number {
    return this.queued;
  }

  submit(events: IncomingEvent[]): Promise<SubmitResult> {
    if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0, failed: [] });
    if (this.queued > 0 && this.queued + events.length > this.maxQueued) {
      return Promise.reject(new QueueFullError(1));
    }
    return new Promise<SubmitResult>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.queued += events.length;
      this.arrived?.();
      if (!this.running) this.running = this.drain();
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the requests that arrived in this turn of the event loop join the first commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const inFlight = new Set<Promise<void>>();
    try {
      while (this.queue.length || inFlight.size) {
        if (inFlight.size >= this.concurrency) {
          await Promise.race(inFlight);
          continue;
        }
        if (!this.queue.length) {
          // A free slot: the next request starts the next group at once.
          await Promise.race([...inFlight, new Promise<void>((r) => (this.arrived = r))]);
          this.arrived = null;
          continue;
        }
        let ready!: () => void;
        const nextMayStart = new Promise<void>((resolve) => (ready = resolve));
        const commit: Promise<void> = this.commitNext(ready).finally(() => {
          inFlight.delete(commit);
          ready();
        });
        inFlight.add(commit);
        await nextMayStart;
      }
    } finally {
      this.running = null;
    }
  }

  /**
   * Commits the next group. `ready` says when the next group may start: where transactions run
   * side by side (PostgreSQL), once this one holds its locks, so the next asks for its own after
   * and a user's events in two groups are still applied in the order they arrived; where they
   * take turns (SQLite), once this one's work is done, so the next group gathers every request
   * that came meanwhile and is applied while this commit is synced.
   */
  private async commitNext(ready: () => void): Promise<void> {
    let groupError: unknown;
    const group: Pending[] = [];
    let size = 0;
    while (
      this.queue.length &&
      (size === 0 || size + this.queue[0].events.length <= this.maxBatch)
    ) {
      const next = this.queue.shift()!;
      group.push(next);
      size += next.events.length;
    }
    const events = group.flatMap((p) => p.events);
    const sideBySide = this.store.capabilities.supportsManyProcesses;
    try {
      const applied = await this.apply(events, sideBySide ? ready : undefined, ready);
      this.queued -= size;
      this.settle(group, [applied], NO_FAILURES);
      this.options.onCommitted?.(applied);
      return;
    } catch (error) {
      groupError = error;
    }
    // One event must never cost the others of its group their commit: find the ones that
    // throw, commit the rest without them, and answer only their requests with an error.
    try {
      const clock = this.options.clock ?? systemClock;
      const { applied, failed } = await isolateFailures(
        this.store,
        events,
        groupError,
        async (slice) => {
          const result = await this.apply(slice);
          this.options.onCommitted?.(result);
          return result;
        },
        () => clock.now(),
      );
      this.queued -= size;
      this.settle(group, applied, failed);
    } catch {
      // Not even a dead letter could be written: the store is failing, not the events.
      this.queued -= size;
      for (const pending of group) pending.reject(groupError);
    }
  }

  private async apply(
    events: IncomingEvent[],
    onLocked?: () => void,
    onApplied?: () => void,
  ): Promise<AppliedBatch> {
    const { workspace, clock } = this.options;
    const apply = this.options.applyEvents ?? applyEvents;
    return this.store.transaction(async (tx) => {
      const result = await apply(tx, events, {
        definitions: workspace?.definitions,
        versions: workspace?.versions,
        now: (clock ?? systemClock).now(),
        onLocked,
      });
      onApplied?.();
      return result;
    });
  }

  /** Tells each request how many of its own events were new, and which were set aside. */
  private settle(group: Pending[], applied: AppliedBatch[], failed: Map<string, DeadLetter>): void {
    const storedIds = new Set(applied.flatMap((a) => a.inserted.map((e) => e.messageId)));
    for (const pending of group) {
      let stored = 0;
      const refused: FailedEvent[] = [];
      pending.events.forEach((event, index) => {
        if (storedIds.delete(event.messageId)) stored += 1;
        else {
          const deadLetter = failed.get(event.messageId);
          if (deadLetter) refused.push({ index, deadLetter });
        }
      });
      pending.resolve({
        stored,
        duplicates: pending.events.length - stored - refused.length,
        failed: refused,
      });
    }
  }
}
