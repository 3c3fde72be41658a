/** A durable timer, in memory: due time, insertion order, and what it is for. */
export interface Timer<T> {
  at: number;
  seq: number;
  key: string;
  payload: T;
}

/**
 * Timers as a sorted list (due time, then insertion order), with at most one timer per key
 * (setting a key again moves it), as the runtime's timer rows do with their unique key.
 */
export class TimerQueue<T> {
  private timers: Timer<T>[] = [];
  private seq = 0;

  set(key: string, at: number | null, payload: T): void {
    this.timers = this.timers.filter((timer) => timer.key !== key);
    if (at === null) return;
    const timer = { at, seq: this.seq++, key, payload };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > at) i--;
    this.timers.splice(i, 0, timer);
  }

  has(key: string): boolean {
    return this.timers.some((timer) => timer.key === key);
  }

  /** Removes and returns the earliest timer due at or before `until`. */
  takeDue(until: number): Timer<T> | null {
    if (this.timers.length === 0 || this.timers[0]!.at > until) return null;
    return this.timers.shift()!;
  }
}
