/**
 * A deep copy of a JSON-like value (plain objects, arrays, primitives), several times cheaper
 * than `structuredClone`, which serializes the whole value and reads it back. Keys are copied as
 * own properties, `__proto__` included (never as a prototype). Values that are not plain data
 * (a Date, a Map) are shared, not copied: use it for documents that are JSON by construction.
 */
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: item,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else out[key] = item;
  }
  return out;
}
