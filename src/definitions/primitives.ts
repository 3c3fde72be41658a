import { z } from 'zod';
import { expecting } from './error-map.js';

/** Names that YAML defines and rules refer to: milestones, segments, personas, questions… */
export const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

export const nameSchema = z
  .string({ error: expecting('a name in snake_case (e.g. report_shared)') })
  .regex(
    NAME_PATTERN,
    'expected a name in snake_case: lowercase letters, digits and _ (e.g. report_shared)',
  )
  // Names key the state documents, which are plain objects: a name that every object inherits
  // would read as present before anything set it.
  .refine((name) => !(name in Object.prototype), 'is reserved: choose another name');

/** An event name as the product sends it (`Report Created`, `Viewed Pricing Page`). */
export const eventNameSchema = z
  .string({ error: expecting('an event name') })
  .trim()
  .min(1, 'expected an event name (a non-empty string)');

/** Free text: descriptions and prompts. */
export const textSchema = z.string({ error: expecting('text') });

/** A string, a list of strings, normalised to a list. */
export function oneOrMany<T extends z.ZodType<string>>(item: T, what: string) {
  return z
    .union([item, z.array(item).min(1, `expected at least one ${what}`)], {
      error: (issue) =>
        issue.code === 'invalid_union' ? `expected a ${what} or a list of them` : undefined,
    })
    .transform((value): string[] => (Array.isArray(value) ? value : [value]));
}

/**
 * Message prefix that `strictObject` gives its unknown-key issues; the issue formatter reads the
 * allowed keys back from it to name them (and suggest the closest one) next to each unknown key.
 */
export const ALLOWED_KEYS_PREFIX = 'allowed keys: ';

/** An object that rejects unknown keys, saying which keys are allowed. */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `${ALLOWED_KEYS_PREFIX}${allowed}` : undefined,
  });
}
