/**
 * Rows of one table (profiles, accounts) as they were last committed, by id, so the writer does
 * not read back from SQLite the documents it has just written. At most `capacity` rows are kept;
 * the least recently used go first. Rows, not objects: every read still parses its own copy, so
 * no caller ever shares a document with another.
 *
 * The store keeps it true: a transaction's writes reach the cache only once it commits
 * (`TxRows`), and the whole cache is dropped when another connection has committed to the file
 * (`PRAGMA data_version`).
 */
export class RowCache<R> {
  private readonly rows = new Map<string, R>();

  constructor(private readonly capacity: number) {}

  get(id: string): R | undefined {
    const row = this.rows.get(id);
    if (row !== undefined) {
      // Most recently used last, so eviction takes the first.
      this.rows.delete(id);
      this.rows.set(id, row);
    }
    return row;
  }

  set(id: string, row: R): void {
    this.rows.delete(id);
    this.rows.set(id, row);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value!);
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
  }
}

/** One transaction's writes to a cached table: a row, or null once deleted. */
export class TxRows<R> {
  private readonly written = new Map<string, R | null>();

  constructor(private readonly cache: RowCache<R>) {}

  /** The row as this transaction sees it, without SQLite when known; `read` otherwise. */
  read(id: string, read: (id: string) => R | undefined): R | undefined {
    const mine = this.written.get(id);
    if (mine !== undefined) return mine ?? undefined;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const row = read(id);
    // Nothing in this transaction has changed it: what SQLite holds is committed.
    if (row !== undefined) this.cache.set(id, row);
    return row;
  }

  write(id: string, row: R | null): void {
    this.written.set(id, row);
  }

  /** After the commit. */
  publish(): void {
    for (const [id, row] of this.written) {
      if (row === null) this.cache.delete(id);
      else this.cache.set(id, row);
    }
  }
}
