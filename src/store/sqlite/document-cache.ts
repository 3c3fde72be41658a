/**
 * Profile and account documents as the writer last committed them, by id, so it neither reads
 * them back from SQLite nor parses their JSON again. Each document weighs what its caller says
 * (the store: the length of its stored JSON; 1 when not said); at most `capacity` in all is kept,
 * the least recently used go first. This bounds the memory the cache holds: a parsed document
 * takes a few times its JSON's length (CAIRN_DOCUMENT_CACHE_MB, docs/configuration.md).
 *
 * A document is handed over, never shared: a transaction that reads one takes it out of the
 * cache, and it comes back only when that transaction commits and either wrote it or said it
 * left it as read (`keep`: a state check reads a user's accounts, a schedule reads its users,
 * delivery its recipients — without that, the next transaction parsed them again). A
 * transaction that fails, or reads without saying so, leaves nothing behind, so the cache only
 * ever holds what SQLite holds. The store drops it all when another connection has committed
 * to the file (`PRAGMA data_version`).
 */
export class DocumentCache<D> {
  private readonly docs = new Map<string, { doc: D; weight: number }>();
  private total = 0;
  /** Documents read by a committed transaction whose caller still reads them (`lend`). */
  private readonly loans = new Map<string, symbol>();

  constructor(private readonly capacity: number) {}

  /** Removes and returns the document with its weight: the caller owns it now. */
  take(id: string): { doc: D; weight: number } | undefined {
    const entry = this.docs.get(id);
    if (entry === undefined) return undefined;
    this.docs.delete(id);
    this.total -= entry.weight;
    return entry;
  }

  /**
   * A committed transaction read `id` and left it as read, but its caller still reads it (the
   * message it renders): it may come back once the caller is done (`settle`), provided no
   * transaction has put or dropped `id` meanwhile (then the caller's copy may be older than what
   * SQLite holds). A transaction that read it from SQLite and wrote nothing left SQLite as it was.
   */
  lend(id: string): symbol {
    const loan = Symbol(id);
    this.loans.set(id, loan);
    return loan;
  }

  /** The caller of `lend` is done with the document: kept, if it is still what SQLite holds. */
  settle(id: string, loan: symbol, doc: D, weight: number): void {
    if (this.loans.get(id) !== loan) return;
    this.loans.delete(id);
    this.put(id, doc, weight);
  }

  put(id: string, doc: D, weight = 1): void {
    this.loans.delete(id);
    this.delete(id);
    // A document heavier than the whole cache is not kept (it would empty the cache for itself).
    if (weight > this.capacity) return;
    this.docs.set(id, { doc, weight });
    this.total += weight;
    if (this.total > this.capacity) this.evict();
  }

  /** What the kept documents weigh together. */
  weight(): number {
    return this.total;
  }

  /** Drops the oldest down to three quarters of the capacity in one pass: removing one entry per
   * put would leave the map's first slots empty, and finding the oldest would walk past them
   * every time. */
  private evict(): void {
    const keep = Math.floor(this.capacity * 0.75);
    for (const [id, entry] of this.docs) {
      if (this.total <= keep) break;
      this.docs.delete(id);
      this.total -= entry.weight;
    }
  }

  delete(id: string): void {
    this.loans.delete(id);
    const entry = this.docs.get(id);
    if (entry === undefined) return;
    this.docs.delete(id);
    this.total -= entry.weight;
  }

  clear(): void {
    this.loans.clear();
    this.docs.clear();
    this.total = 0;
  }
}

/**
 * One transaction's documents: what it wrote (null once deleted), and what it read and said it
 * left as read (`keep`), published on commit.
 */
export class TxDocuments<D> {
  private readonly written = new Map<string, { doc: D; weight: number } | null>();
  /** What this transaction handed out as committed (from the cache or SQLite), by id. */
  private readonly lent = new Map<string, { doc: D; weight: number }>();
  /** Kept documents, each with what the caller's reading ends with (null: the transaction). */
  private readonly kept = new Map<
    string,
    { entry: { doc: D; weight: number }; until: Promise<unknown> | null }
  >();

  constructor(private readonly cache: DocumentCache<D>) {}

  /**
   * The document as this transaction sees it, from the cache when there; `load` otherwise (the
   * document and its weight, its stored JSON's length).
   */
  read(id: string, load: (id: string) => { doc: D; weight: number } | undefined): D | undefined {
    const mine = this.written.get(id);
    // Read back after writing: a copy, so the caller's changes do not reach what was written.
    if (mine !== undefined) return mine === null ? undefined : structuredClone(mine.doc);
    const entry = this.cache.take(id) ?? load(id);
    if (entry === undefined) return undefined;
    this.lent.set(id, entry);
    return entry.doc;
  }

  /**
   * The caller read `id` and leaves it exactly as read, and does not use it once the
   * transaction has ended — or, with `until`, reads it (never changes it) until that settles:
   * then the cache may hold it again (unless this transaction wrote it, which wins, or, with
   * `until`, another transaction put or dropped it meanwhile).
   */
  keep(id: string, until: Promise<unknown> | null = null): void {
    const entry = this.lent.get(id);
    // The copy this caller read: a later read of the same id in this transaction is another.
    if (entry !== undefined) this.kept.set(id, { entry, until });
  }

  /** The writer must not change `doc` afterwards: it may be kept as the committed document.
   * `weight`: what it counts for in the cache (its stored JSON's length). */
  write(id: string, doc: D | null, weight = 1): void {
    this.written.set(id, doc === null ? null : { doc, weight });
  }

  /** After the commit. */
  publish(): void {
    for (const [id, { entry, until }] of this.kept) {
      if (this.written.has(id)) continue;
      const { doc, weight } = entry;
      if (until === null) {
        this.cache.put(id, doc, weight);
        continue;
      }
      const loan = this.cache.lend(id);
      const settle = () => this.cache.settle(id, loan, doc, weight);
      void until.then(settle, settle);
    }
    for (const [id, entry] of this.written) {
      if (entry === null) this.cache.delete(id);
      else this.cache.put(id, entry.doc, entry.weight);
    }
  }
}
