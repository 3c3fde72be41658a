/**
 * A first-come, first-served lock for async code. The store's transaction callback is async, so
 * while it awaits, other code could run statements on the same connection and they would land
 * inside the open transaction; every write takes this lock first to prevent that.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    return release;
  }
}
