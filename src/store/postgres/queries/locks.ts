import { named } from '../named-query.js';

export const lockQueries = {
  /**
   * Transaction-scoped advisory locks, released by COMMIT or ROLLBACK. The caller passes the
   * keys sorted and de-duplicated; a function scan yields rows in array order, so every
   * transaction takes its locks in the same global order and two of them cannot deadlock on a
   * single call. (Across two calls they can; PostgreSQL detects it and the store retries.)
   */
  lockKeys: named(
    'lock_keys',
    'SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k',
  ),
};
