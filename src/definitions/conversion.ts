import { z } from 'zod';
import { scalarSchema } from './comparison.js';
import { eventNameSchema, strictObject, textSchema } from './primitives.js';

const valueSchema = scalarSchema.refine((v) => v !== null, 'expected a value other than null');

/**
 * Conversion (trial → paid), for analytics: either the first time of an event the product sends,
 * or the first identify call that sets a trait to a matching value.
 *
 *     conversion: { event: Subscription Started }
 *     conversion: { trait: plan, in: [pro, team, business] }
 */
export const conversionSchema = z
  .union(
    [
      strictObject({ event: eventNameSchema, description: textSchema.optional() }),
      strictObject({
        trait: z.string().min(1, 'expected a trait name'),
        equals: valueSchema.optional(),
        in: z.array(valueSchema).min(1, 'expected at least one value').optional(),
        description: textSchema.optional(),
      }).refine(
        (rule) => (rule.equals === undefined) !== (rule.in === undefined),
        'a trait conversion needs exactly one of equals or in',
      ),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'expected { event: <event name> } or { trait: <name>, equals: <value> } or { trait: <name>, in: [values] }'
          : undefined,
    },
  )
  .transform((rule): Conversion =>
    'event' in rule
      ? { kind: 'event', event: rule.event, description: rule.description ?? null }
      : {
          kind: 'trait',
          trait: rule.trait,
          values: (rule.in ?? [rule.equals]) as (string | number | boolean)[],
          description: rule.description ?? null,
        },
  );

export type Conversion =
  | { kind: 'event'; event: string; description: string | null }
  | {
      kind: 'trait';
      trait: string;
      values: (string | number | boolean)[];
      description: string | null;
    };
