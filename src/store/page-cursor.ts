/**
 * Paging cursors are opaque to callers (they may change shape between versions) but carry only
 * the last key of the previous page: keyset paging stays fast on any page and stable while rows
 * are inserted, unlike OFFSET.
 */
const PREFIX = 'k1:';

export class InvalidCursorError extends Error {
  /** Read by the HTTP error handler: a bad cursor is the client's mistake. */
  readonly statusCode = 400;
  readonly code = 'invalid_cursor';
  constructor() {
    super('the paging cursor is not one this server issued');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(lastKey: string): string {
  return Buffer.from(PREFIX + lastKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw new InvalidCursorError();
  return text.slice(PREFIX.length);
}

/** Rows were fetched with `limit + 1`: the extra row only says whether another page exists. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string) {
  const items = rows.length > limit ? rows.slice(0, limit) : rows;
  const next = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, next };
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive whole number, got ${limit}`);
  }
  return limit;
}
