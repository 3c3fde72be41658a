import type { Clock } from '../core/clock.js';
import type { Store } from '../store/store.js';
import type { AppliedBatch } from './apply-events.js';
import { BatchWork } from './batch-work.js';
import { deriveState } from './derive-state.js';
import type { Workspace } from './workspace.js';

export interface SweeperOptions {
  /** Users per transaction. */
  batchSize?: number;
  /** Longest sleep between two looks at the timers; other processes may add earlier ones. */
  maxSleepMs?: number;
  onCommitted?: (applied: AppliedBatch) => void;
  onError?: (error: unknown) => void;
}

/**
 * Re-checks time-based rules without events: "no login in 10 days" must become true on day 10
 * even if the user never comes back. Each user's next moment of change is a timer row; the
 * sweeper claims the due ones (skipping rows another process holds, on PostgreSQL), runs the
 * state engine with no event, and stores the results like ingest does. It wakes only the due
 * users — never a scan of everyone — and after downtime the overdue timers simply are due.
 */
export class StateSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private readonly batchSize: number;
  private readonly maxSleepMs: number;

  constructor(
    private readonly store: Store,
    private readonly workspace: Workspace,
    private readonly clock: Clock,
    private readonly options: SweeperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
  }

  /** Processes up to one batch of due users; returns how many were checked. */
  async sweepOnce(): Promise<number> {
    const definitions = this.workspace.definitions;
    if (!definitions) return 0;
    const now = this.clock.now();
    const events: AppliedBatch['inserted'] = [];
    const checked = await this.store.transaction(async (tx) => {
      events.length = 0;
      const ids = await tx.claimDueStateTimers(now, this.batchSize);
      if (!ids.length) return 0;
      await tx.lockKeys(ids);
      const work = new BatchWork(tx);
      await work.loadProfiles(ids);
      await work.loadAccounts([...work.profiles.values()].flatMap((p) => p.accounts));
      for (const id of ids) {
        const profile = work.profiles.get(id);
        if (profile) events.push(...deriveState(work, definitions, profile, null, now).internal);
        else work.timers.set(id, null);
      }
      await work.flush();
      return ids.length;
    });
    if (events.length) this.options.onCommitted?.({ inserted: events, duplicates: 0 });
    return checked;
  }

  /** Sweeps until no timer is due at the clock's current time. */
  async sweepDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const checked = await this.sweepOnce();
      total += checked;
      if (checked < this.batchSize) return total;
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
  }

  private async tick(): Promise<void> {
    let delay = this.maxSleepMs;
    try {
      await this.sweepDue();
      const next = await this.store.nextStateTimer();
      if (next !== null) delay = Math.min(delay, Math.max(0, next - this.clock.now()));
    } catch (error) {
      this.options.onError?.(error);
    }
    this.schedule(delay);
  }
}
