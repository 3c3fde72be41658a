import type pg from 'pg';
import type { NamedQuery } from './named-query.js';

/**
 * PREPARE parses, resolves and plans a query without running it, so a query naming a missing
 * column, or one whose parameter types cannot be worked out, fails when the store opens
 * instead of the first time a rare path runs it.
 */
export async function validateQueries(client: pg.ClientBase, all: NamedQuery[]): Promise<void> {
  for (const query of all) {
    try {
      await client.query(`PREPARE cairn_validate AS ${query.text}`);
      await client.query('DEALLOCATE cairn_validate');
    } catch (error) {
      throw new Error(`query ${query.name} does not prepare: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
