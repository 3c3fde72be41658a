/**
 * Profile and account documents as the writer last committed them, by id, so it neither reads
 * them back from SQLite nor parses their JSON again. At most `capacity` are kept; the least
 * recently used go first.
 *
 * A document is handed over, never shared: a transaction that reads one takes it out of the
 * cache, and it comes back only when that transaction writes it and commits (`TxDocuments`).
 * A transaction that fails, or reads without writing, leaves nothing behind, so the cache only
 * ever holds what SQLite holds. The store drops it all when another connection has committed to
 * the file (`PRAGMA data_version`).
 */
export class DocumentCache<D> {
  private readonly docs = new Map<string, D>();

  constructor(private readonly capacity: number) {}

  /** Removes and returns the document: the caller owns it now. */
  take(id: string): D | undefined {
    const doc = this.docs.get(id);
    if (doc !== undefined) this.docs.delete(id);
    return doc;
  }

  put(id: string, doc: D): void {
    this.docs.delete(id);
    this.docs.set(id, doc);
    if (this.docs.size > this.capacity) this.evict();
  }

  /** Drops the oldest quarter in one pass: removing one entry per put would leave the map's
   * first slots empty, and finding the oldest would walk past them every time. */
  private evict(): void {
    let extra = this.docs.size - Math.floor(this.capacity * 0.75);
    for (const id of this.docs.keys()) {
      if (extra-- <= 0) break;
      this.docs.delete(id);
    }
  }

  delete(id: string): void {
    this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
  }
}

/** One transaction's documents: what it wrote (null once deleted), published on commit. */
export class TxDocuments<D> {
  private readonly written = new Map<string, D | null>();

  constructor(private readonly cache: DocumentCache<D>) {}

  /** The document as this transaction sees it, from the cache when there; `load` otherwise. */
  read(id: string, load: (id: string) => D | undefined): D | undefined {
    const mine = this.written.get(id);
    // Read back after writing: a copy, so the caller's changes do not reach what was written.
    if (mine !== undefined) return mine === null ? undefined : structuredClone(mine);
    return this.cache.take(id) ?? load(id);
  }

  /** The writer must not change `doc` afterwards: it may be kept as the committed document. */
  write(id: string, doc: D | null): void {
    this.written.set(id, doc);
  }

  /** After the commit. */
  publish(): void {
    for (const [id, doc] of this.written) {
      if (doc === null) this.cache.delete(id);
      else this.cache.put(id, doc);
    }
  }
}
