import { z } from 'zod';
import { expecting } from './error-map.js';

export type Scalar = string | number | boolean | null;

/** How a value (a trait, a property, an answer) is compared. Every given test must hold. */
export interface Comparison {
  equals?: Scalar;
  in?: Scalar[];
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  /** A substring of a string value, or an element of a list value. */
  contains?: string | number;
}

export const COMPARATORS = [
  'equals',
  'in',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
] as const;
export const NUMBER_COMPARATORS = ['gt', 'gte', 'lt', 'lte'] as const;

export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'expected a string, a number, true/false or null' : undefined,
});

const numberSchema = z.number({ error: expecting('a number') });

/** The comparison keys, to spread into a rule's object shape. */
export const comparisonShape = {
  equals: scalarSchema.optional(),
  in: z
    .array(scalarSchema, { error: expecting('a list of values') })
    .min(1, 'expected at least one value')
    .optional(),
  exists: z.boolean({ error: expecting('true or false') }).optional(),
  gt: numberSchema.optional(),
  gte: numberSchema.optional(),
  lt: numberSchema.optional(),
  lte: numberSchema.optional(),
  contains: z
    .union([z.string(), z.number()], { error: expecting('a string or a number') })
    .optional(),
};

export const numberComparisonShape = {
  gt: numberSchema.optional(),
  gte: numberSchema.optional(),
  lt: numberSchema.optional(),
  lte: numberSchema.optional(),
};

/** A refinement that at least one of `keys` is present. */
export function requireOneOf(keys: readonly string[]) {
  return (value: object) => keys.some((key) => key in value);
}

export function oneOfMessage(keys: readonly string[]): string {
  return `expected a comparison: one of ${keys.join(', ')}`;
}
