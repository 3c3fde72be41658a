import type { Counter } from '../../core/types.js';
import { ownValue, setOwn } from '../../core/own-key.js';

/** Adds one occurrence at `time`; order-insensitive, so late events keep first/last right.
 * Event names are the sender's: `toString` or `__proto__` are counted like any other name. */
export function bumpCounter(counters: Record<string, Counter>, name: string, time: number): void {
  const counter = ownValue(counters, name);
  if (!counter) {
    setOwn(counters, name, { count: 1, first: time, last: time });
    return;
  }
  counter.count += 1;
  if (time < counter.first) counter.first = time;
  if (time > counter.last) counter.last = time;
}

/** Adds every counter of `from` into `into` (identity merge). */
export function addCounters(into: Record<string, Counter>, from: Record<string, Counter>): void {
  for (const [name, counter] of Object.entries(from)) {
    const target = ownValue(into, name);
    if (!target) {
      setOwn(into, name, { ...counter });
      continue;
    }
    target.count += counter.count;
    target.first = Math.min(target.first, counter.first);
    target.last = Math.max(target.last, counter.last);
  }
}
