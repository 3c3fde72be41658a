import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Remembers, per async call chain, that a store transaction is running. Starting a second one
 * from inside the first would wait forever (for the SQLite write mutex, or for an advisory lock
 * the outer PostgreSQL transaction holds), so it fails at once with a message instead.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOutside('transaction()');
    return this.storage.run(true, fn);
  }

  assertOutside(what: string): void {
    if (this.storage.getStore()) {
      throw new Error(
        `store.${what} was called inside store.transaction(); use the transaction's tx instead`,
      );
    }
  }
}

/** Guards a tx object against use after its transaction ended (a leaked reference). */
export function assertOpen(open: boolean): void {
  if (!open) throw new Error('this store transaction has already ended');
}
