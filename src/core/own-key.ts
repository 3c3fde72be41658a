/**
 * Reading and writing user-named keys (event names, trait and property names) in plain objects
 * without ever reaching Object.prototype: `counters["toString"]` would otherwise find the
 * inherited function, and `counters["__proto__"] = …` would replace the object's prototype.
 * Documents parsed from JSON or copied by structuredClone have the usual prototype, so every
 * lookup by a name a user or a definition chose goes through here.
 */
const hasOwn = Object.hasOwn;

/** The object's own value at `key`; undefined when it has none (inherited members ignored). */
export function ownValue<T>(object: Record<string, T>, key: string): T | undefined {
  return hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own, enumerable data property, even for `__proto__`. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/** An empty map for user-named keys: no prototype, so no inherited member can be read. */
export function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
