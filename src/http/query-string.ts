import { badRequest } from './http-error.js';

/**
 * An optional filter from the query string: absent, or one non-empty string. A repeated
 * parameter (`?state=a&state=b`) arrives as a list and is refused rather than half-applied.
 */
export function optionalString(query: Record<string, unknown>, field: string): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw badRequest([{ field, message: 'must be one non-empty value' }]);
  return value;
}

/** Like optionalString, and the value must be one of `allowed`. */
export function optionalChoice<T extends string>(
  query: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(query, field);
  if (value !== undefined && !(allowed as readonly string[]).includes(value))
    throw badRequest([{ field, message: `must be one of ${allowed.join(', ')}` }]);
  return value as T | undefined;
}
