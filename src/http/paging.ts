import type { PageRequest } from '../store/store.js';
import { badRequest } from './http-error.js';

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

/** Reads `limit` (1–500, default 50) and `after` (a cursor) from a query string. */
export function pageRequest(query: Record<string, unknown>): PageRequest {
  const raw = query.limit;
  let limit = DEFAULT_PAGE;
  if (raw !== undefined) {
    limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw badRequest([
        { field: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE}` },
      ]);
    }
  }
  const after = query.after;
  if (after !== undefined && (typeof after !== 'string' || after === '')) {
    throw badRequest([{ field: 'after', message: 'must be the cursor of a previous page' }]);
  }
  return { limit, after: after as string | undefined };
}
