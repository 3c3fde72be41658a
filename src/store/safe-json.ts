/**
 * PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate in jsonb, and a
 * statement with one of them fails whole, taking the rest of a group commit with it. JSON.parse
 * accepts both, so an SDK can send them. Both adapters therefore replace them with U+FFFD in the
 * JSON they store, so one odd property never blocks ingest and the store behaves the same on
 * either database.
 *
 * It works on the JSON text: JSON.stringify writes NUL as the escape `\u0000` and a lone
 * surrogate as `\udXXX` (a valid pair it writes as the characters themselves), so no walk over
 * the objects is needed, and the usual case is one scan that finds nothing.
 */
const SUSPECT = /\\u(?:0000|d[89a-f])/;
const ESCAPES = /(\\+)u(?:0000|d[89a-f][0-9a-f]{2})/g;

export function safeJson(json: string): string {
  if (!SUSPECT.test(json)) return json;
  // An even run of backslashes is escaped backslashes followed by a plain "u": not an escape.
  return json.replace(ESCAPES, (match, slashes: string) =>
    slashes.length % 2 === 1 ? slashes.slice(0, -1) + '\\ufffd' : match,
  );
}

/** JSON.stringify, made storable (see above). */
export function storableJson(value: unknown): string {
  return safeJson(JSON.stringify(value));
}
