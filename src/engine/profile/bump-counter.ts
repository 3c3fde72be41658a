import type { Counter } from '../../core/types.js';

/** Adds one occurrence at `time`; order-insensitive, so late events keep first/last right. */
export function bumpCounter(counters: Record<string, Counter>, name: string, time: number): void {
  const counter = counters[name];
  if (!counter) {
    counters[name] = { count: 1, first: time, last: time };
    return;
  }
  counter.count += 1;
  if (time < counter.first) counter.first = time;
  if (time > counter.last) counter.last = time;
}

/** Adds every counter of `from` into `into` (identity merge). */
export function addCounters(into: Record<string, Counter>, from: Record<string, Counter>): void {
  for (const [name, counter] of Object.entries(from)) {
    const target = into[name];
    if (!target) {
      into[name] = { ...counter };
      continue;
    }
    target.count += counter.count;
    target.first = Math.min(target.first, counter.first);
    target.last = Math.max(target.last, counter.last);
  }
}
