/** Items grouped by key, groups in key order ('(none)' last), each list in input order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].sort(([a], [b]) => compareKeys(a, b));
}

export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '(none)') return 1;
  if (b === '(none)') return -1;
  return a < b ? -1 : 1;
}
