/**
 * LIKE patterns for profile search, with the user's `%`, `_` and `\` taken literally (both
 * adapters declare `ESCAPE '\'`).
 */
export function likePatterns(query: string): { prefix: string; infix: string } {
  const escaped = query.replace(/[\\%_]/g, (c) => '\\' + c);
  return { prefix: escaped + '%', infix: '%' + escaped + '%' };
}
