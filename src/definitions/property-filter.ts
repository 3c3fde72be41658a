import { z } from 'zod';
import { expecting } from './error-map.js';
import {
  COMPARATORS,
  comparisonShape,
  oneOfMessage,
  requireOneOf,
  scalarSchema,
  type Comparison,
} from './comparison.js';
import { strictObject } from './primitives.js';

const comparison = strictObject(comparisonShape).refine(
  requireOneOf(COMPARATORS),
  oneOfMessage(COMPARATORS),
);

/** One value's test: a value to match, or a comparison like `{ in: [a, b] }`, normalised. */
export const valueTestSchema = z
  .union([scalarSchema, comparison], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected a value to match, or a comparison like { in: [a, b] } or { gte: 10 }'
        : undefined,
  })
  .transform((test): Comparison =>
    test !== null && typeof test === 'object' ? test : { equals: test },
  );

/**
 * Conditions on an event's properties: `shared: true` (equality) or `rows: { gte: 100 }`. Dotted
 * keys reach nested properties (`report.kind`). Normalised to one comparison per property.
 */
export const propertyFilterSchema = z
  .record(
    z.string().min(1, 'expected a property name'),
    z.union([scalarSchema, comparison], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'expected a value to match, or a comparison like { in: [a, b] } or { gte: 10 }'
          : undefined,
    }),
    { error: expecting('a mapping of property names to values') },
  )
  .transform((filter): Record<string, Comparison> => {
    const out: Record<string, Comparison> = {};
    for (const [key, test] of Object.entries(filter)) {
      out[key] =
        test !== null && typeof test === 'object' ? (test as Comparison) : { equals: test };
    }
    return out;
  });

export type PropertyFilter = Record<string, Comparison>;
