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

/**
 * Newest-first listings (runs, messages) page by (time, id): the time orders them, the id breaks
 * ties, and the pair is the key of the index the query walks backwards. The cursor carries both.
 */
export function timeKey(at: number, id: string): string {
  return `${at}:${id}`;
}

export interface TimeKey {
  at: number;
  id: string;
}

/** Before the first page: a key after every row (no stored time reaches it, and ids compare
 * after ''), so the first page and later ones are one query. */
export const BEFORE_NEWEST: TimeKey = { at: Number.MAX_SAFE_INTEGER, id: '' };

/** The key to continue after: BEFORE_NEWEST without a cursor, else the cursor's key. */
export function timeKeyAfter(cursor: string | undefined): TimeKey {
  if (cursor === undefined) return BEFORE_NEWEST;
  const key = decodeCursor(cursor);
  const colon = key.indexOf(':');
  const at = Number(key.slice(0, colon));
  if (colon < 1 || !Number.isSafeInteger(at)) throw new InvalidCursorError();
  return { at, id: key.slice(colon + 1) };
}
