import { named } from '../named-query.js';

export const lockQueries = {
  /**
   * Transaction-scoped advisory locks, released by COMMIT or ROLLBACK. The caller passes the
   * keys sorted and de-duplicated; a function scan yields rows in array order, so every
   * transaction takes its locks in the same global order and two of them cannot deadlock on a
   * single call. A transaction's later calls use `tryLockKeys` instead (postgres-tx.ts).
   */
  lockKeys: named(
    'lock_keys',
    'SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k',
  ),
  /** The same locks without waiting: true when every key was free (or already this
   * transaction's); the keys that were free are held either way until the transaction ends. */
  tryLockKeys: named(
    'try_lock_keys',
    'SELECT bool_and(pg_try_advisory_xact_lock(hashtextextended(k, 0))) AS locked FROM unnest($1::text[]) AS k',
  ),
};
