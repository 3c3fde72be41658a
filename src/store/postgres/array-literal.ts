/**
 * PostgreSQL array literals (`{"a","b",NULL}`) for bulk parameters: `unnest($1::text[], …)`
 * turns column arrays back into rows, `= ANY($1)` matches a list, and either way a bulk call
 * is one round trip. Built here rather than by node-postgres so that U+0000, which PostgreSQL
 * cannot store in text and which would fail the whole statement, becomes U+FFFD instead.
 * JSON payloads do not travel this way (escaping every quote in them is slow): see
 * bulk-columns.ts.
 */
const SPECIAL = /["\\]/;
const SPECIALS = /["\\]/g;

function element(value: string | null): string {
  if (value === null) return 'NULL';
  const text = value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
  return SPECIAL.test(text) ? `"${text.replace(SPECIALS, '\\$&')}"` : `"${text}"`;
}

export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map(element).join(',')}}`;
}

export function bigintArray(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

export function boolArray(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
}
