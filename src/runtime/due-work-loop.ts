import type { Clock } from '../core/clock.js';

export interface DueWork {
  /** Does up to one batch of due work at the clock's time; returns how many items it did. */
  sweepOnce(): Promise<number>;
  /** When the next item falls due (null: none), to sleep until then. */
  nextDue(): Promise<number | null>;
}

export interface DueWorkLoopOptions {
  batchSize: number;
  /** Longest sleep between two looks; other processes may add earlier work. */
  maxSleepMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The loop behind every durable timer kind (state checks, journey waits, message delivery):
 * drain what is due, then sleep until the next item or `maxSleepMs`, whichever is first. Work
 * is rows in the store, so a restart simply finds what became due while the process was down.
 */
export class DueWorkLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly work: DueWork,
    private readonly clock: Clock,
    private readonly options: DueWorkLoopOptions,
  ) {}

  /** Does due work until none is left at the clock's current time. */
  async sweepDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.work.sweepOnce();
      total += done;
      if (done < this.options.batchSize) return total;
    }
  }

  /** When this loop's next item falls due (null: none). */
  nextDue(): Promise<number | null> {
    return this.work.nextDue();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the loop now (e.g. after work was queued in this process). */
  poke(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
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
      this.timer = null;
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
  }

  private async tick(): Promise<void> {
    let delay = this.options.maxSleepMs ?? 1000;
    try {
      await this.sweepDue();
      const next = await this.work.nextDue();
      if (next !== null) delay = Math.min(delay, Math.max(0, next - this.clock.now()));
    } catch (error) {
      this.options.onError?.(error);
    }
    this.schedule(delay);
  }
}
