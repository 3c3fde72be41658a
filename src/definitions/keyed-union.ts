import { z } from 'zod';
import { errorMap } from './error-map.js';
import { closest } from './suggest.js';

export interface KeyedUnionOptions {
  /** How the value is named in errors: `a step`, `a trigger`. */
  what: string;
  /** One schema per kind, each a strict object containing its key. */
  kinds: Record<string, z.ZodType>;
  /** Keys every kind may have besides its own (a step's `id`); not kinds themselves. */
  common?: readonly string[];
}

/**
 * A value that is one of several kinds, told apart by which kind key it has (`send`, `wait`…),
 * validated by that kind's schema. Dispatching on the key, as the rule schema does, lets an error
 * speak of the kind the author meant ("wait.for: expected a duration") rather than "no union
 * member matched". The JSON Schema export still describes each as a union (see json-schema.ts).
 */
export function keyedUnion<T>({ what, kinds, common = [] }: KeyedUnionOptions): z.ZodType<T> {
  const names = Object.keys(kinds);
  const known = new Set(names);
  const listed = names.join(', ');
  return z.any().transform((value: unknown, ctx) => {
    const fail = (message: string): never => {
      ctx.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(`expected ${what}: a mapping with one of ${listed}`);
    }
    const keys = Object.keys(value);
    const found = keys.filter((key) => known.has(key));
    if (found.length === 0) {
      const others = keys.filter((key) => !common.includes(key));
      const guesses = others.map((key) => {
        const guess = closest(key, names);
        return guess ? `"${key}" (did you mean "${guess}"?)` : `"${key}"`;
      });
      return fail(
        `expected ${what} with one of ${listed}` +
          (guesses.length ? `; found ${guesses.join(', ')}` : ''),
      );
    }
    if (found.length > 1) return fail(`${what} has one kind, found ${found.join(' and ')}`);
    const result = kinds[found[0]!]!.safeParse(value, { error: errorMap });
    if (!result.success) {
      // Their paths are relative to this value; zod prefixes them with its own path.
      for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as never);
      return z.NEVER;
    }
    return result.data as T;
  }) as unknown as z.ZodType<T>;
}
