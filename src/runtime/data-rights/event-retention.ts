import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/store.js';
import { DueWorkLoop, type DueWork } from '../due-work-loop.js';

const DAY = 86_400_000;
/** How often the oldest events are looked at: retention is counted in days. */
const EVERY = 60 * 60_000;

export interface RetentionOptions {
  /** Events per transaction (a short one: ingest waits for SQLite's single writer). */
  batchSize?: number;
  onDropped?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Drops events whose time (`timestamp`) is more than `days` days before the clock's time, once an
 * hour, in short transactions. State does not move: counters, first and last times, recent times
 * and milestones live in the profile, and nothing derived reads old event rows. What does go
 * with them: the event list of a user, exports, and duplicate detection for them (an event
 * re-sent after it was dropped counts again).
 */
export class EventRetention extends DueWorkLoop {
  constructor(store: Store, days: number, clock: Clock, options: RetentionOptions = {}) {
    const batchSize = options.batchSize ?? 5000;
    super(retention(store, days, clock, batchSize, options), clock, {
      batchSize,
      maxSleepMs: 60_000,
      onError: options.onError,
    });
  }
}

function retention(
  store: Store,
  days: number,
  clock: Clock,
  batchSize: number,
  options: RetentionOptions,
): DueWork {
  let nextRun = -Infinity;
  return {
    nextDue: async () => nextRun,
    async sweepOnce() {
      const now = clock.now();
      if (now < nextRun) return 0;
      const dropped = await store.transaction((tx) =>
        tx.dropEventsBefore(now - days * DAY, batchSize),
      );
      if (dropped) options.onDropped?.(dropped);
      if (dropped < batchSize) nextRun = now + EVERY;
      return dropped;
    },
  };
}
