import { openSync, closeSync, fdatasync } from 'node:fs';

/**
 * Makes commits durable without holding the writer: the writer commits with
 * `synchronous=NORMAL` (no sync inside COMMIT), and each transaction's caller waits here for an
 * `fdatasync` of the WAL file that started after its COMMIT, run on the thread pool. The next
 * transaction meanwhile goes ahead; one sync covers every commit made before it began, so under
 * load many transactions share one. An acknowledged write is on disk as with
 * `synchronous=FULL`; what another connection may read a few milliseconds before it is synced
 * was never acknowledged.
 *
 * Checkpoints need nothing more: with NORMAL, SQLite syncs the WAL before it copies pages back
 * and the database file before the WAL can be reset.
 */
export class WalSync {
  private fd: number | null = null;
  private syncing = false;
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly walFile: string) {}

  /** Resolves once everything committed before this call is on disk. */
  committed(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) this.next();
    });
  }

  /** After the last transaction: waits for the sync in progress, then lets the file go. */
  async close(): Promise<void> {
    // Queued behind the syncs in progress: once it is answered, none is left running.
    if (this.syncing) await this.committed().catch(() => undefined);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private next(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) {
      this.syncing = false;
      return;
    }
    this.syncing = true;
    try {
      this.fd ??= openSync(this.walFile, 'r');
    } catch (error) {
      for (const w of batch) w.reject(error);
      return this.next();
    }
    fdatasync(this.fd, (error) => {
      for (const w of batch) {
        if (error) w.reject(error);
        else w.resolve();
      }
      this.next();
    });
  }
}
