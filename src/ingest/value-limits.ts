import type { FieldError } from './field-error.js';

/**
 * Limits on the shape of an event's free-form objects (`properties`, `traits`, `context`),
 * checked before anything else reads them. The 32 KB size limit alone lets a body nest thousands
 * of levels deep (`{"a":{"a":…}}` is 6 bytes a level), and every recursive walk after ingest —
 * storing, copying, comparing, rendering — would overflow the stack on it, in the group commit
 * it shares with other requests. Real events nest a few levels; the limits leave ample room.
 */
export const MAX_DEPTH = 32;
/** Keys of one object. */
export const MAX_KEYS = 1_000;
/** Characters of one string value. */
export const MAX_STRING_LENGTH = 16 * 1024;
/** Characters of one key. */
export const MAX_KEY_LENGTH = 512;

/** Segments of a path shown before it is cut short (a 33-level path would be unreadable). */
const SHOWN = 4;

/** Appends the first few problems of `value` (at `path`) to `errors`; stops after five. */
export function checkValueLimits(value: unknown, path: string, errors: FieldError[]): void {
  walk(value, [path], 0, errors);
}

/** `path` is one shared stack of segments, pushed and popped: no array per value visited. */
function walk(value: unknown, path: string[], depth: number, errors: FieldError[]): void {
  if (errors.length >= 5) return;
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH)
      errors.push({
        field: show(path),
        message: `is ${value.length} characters; the limit is ${MAX_STRING_LENGTH}`,
      });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    errors.push({ field: show(path), message: `nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_KEYS)
      errors.push({
        field: show(path),
        message: `has ${value.length} items; the limit is ${MAX_KEYS}`,
      });
    else
      for (let i = 0; i < value.length; i++) {
        path.push(`[${i}]`);
        walk(value[i], path, depth + 1, errors);
        path.pop();
      }
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_KEYS) {
    errors.push({
      field: show(path),
      message: `has ${keys.length} keys; the limit is ${MAX_KEYS}`,
    });
    return;
  }
  for (const key of keys) {
    if (key.length > MAX_KEY_LENGTH) {
      errors.push({
        field: show(path),
        message: `has a key of ${key.length} characters; the limit is ${MAX_KEY_LENGTH}`,
      });
      continue;
    }
    path.push(`.${key}`);
    walk((value as Record<string, unknown>)[key], path, depth + 1, errors);
    path.pop();
  }
}

/** `properties.a.b.c…`: the first segments of a deep path, then an ellipsis. */
function show(path: string[]): string {
  const head = path.slice(0, SHOWN + 1).join('');
  return path.length > SHOWN + 1 ? `${head}…` : head;
}
