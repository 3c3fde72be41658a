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
