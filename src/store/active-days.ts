import type { ActivityQuery } from './analytics-store.js';

/**
 * Whether an activity query is one `active_days` (migration 017) answers: views left out, no
 * list of names, and the names left out are the migration's list plus at most one more (the
 * signup event of the default activity). Returns that one more name (null: none), or
 * undefined when the query needs `activity_days`.
 */
export function activeDaysOther(
  query: ActivityQuery,
  leftOut: readonly string[],
): string | null | undefined {
  if (!query.excludeViews || query.include !== null) return undefined;
  const excluded = new Set(query.exclude);
  if (!leftOut.every((name) => excluded.has(name))) return undefined;
  for (const name of leftOut) excluded.delete(name);
  if (excluded.size > 1) return undefined;
  return excluded.size === 1 ? [...excluded][0] : null;
}
