/** Where Cairn's code gets the time. Engine code never calls `Date.now()`: it is handed a Clock,
 * so tests and the simulator can move time deterministically. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): number {
    this.time += ms;
    return this.time;
  }
}
