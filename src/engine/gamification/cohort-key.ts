import type { JsonObject } from '../../core/types.js';

/**
 * The cohort of a subject at a widening depth: the values of the first `depth` cohort traits
 * (missing ones read as "none"). Depth = every trait is the narrowest cohort; 0 is everyone.
 */
export function cohortKey(traits: JsonObject, keys: readonly string[], depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) {
    const value = Object.hasOwn(traits, keys[i]!) ? traits[keys[i]!] : undefined;
    parts.push(value === undefined || value === null ? '∅' : JSON.stringify(value));
  }
  return parts.join('\u0000');
}

/** The traits that make up a cohort at a depth, for the answer ("companies your size"). */
export function cohortTraits(
  traits: JsonObject,
  keys: readonly string[],
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < depth; i++)
    out[keys[i]!] = Object.hasOwn(traits, keys[i]!) ? (traits[keys[i]!] ?? null) : null;
  return out;
}

/**
 * Each traits object's cohort keys at every depth (index = depth), made once: a user's cohort
 * traits are their account's, one object shared by its members, and every index of a report
 * run (six peer indexes, the recommendations) asks for the same keys. For the life of one set of
 * indexes, over traits that do not change meanwhile (read from the store for it).
 */
export class CohortKeys {
  private readonly made = new Map<JsonObject, string[]>();

  constructor(readonly keys: readonly string[]) {}

  of(traits: JsonObject): readonly string[] {
    let keys = this.made.get(traits);
    if (keys === undefined) {
      keys = [];
      for (let depth = 0; depth <= this.keys.length; depth++)
        keys.push(cohortKey(traits, this.keys, depth));
      this.made.set(traits, keys);
    }
    return keys;
  }
}
