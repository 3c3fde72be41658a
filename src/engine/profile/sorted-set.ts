/** Inserts `value` into an ascending array unless present. Active days mostly arrive in order,
 * so the common case is a check of the last element. */
export function addSortedUnique(values: number[], value: number): void {
  const last = values[values.length - 1];
  if (last === undefined || value > last) {
    values.push(value);
    return;
  }
  if (value === last) return;
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  if (values[low] !== value) values.splice(low, 0, value);
}

/** The ascending union of two ascending arrays. */
export function unionSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
