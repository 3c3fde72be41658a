import type { z } from 'zod';

/**
 * Wording for zod's generic issues, always "expected …", in the user's YAML terms (a list, not an
 * array). Schemas give their own message where a generic one would be vague.
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `missing (expected ${article(issue.expected)})`
        : `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1)
        return 'expected a non-empty string';
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s)`;
      return `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} item(s)`;
      return `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'expected one of the allowed forms';
    case 'unrecognized_keys':
      return 'unknown key';
    default:
      return undefined;
  }
};

const ARTICLES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
  null: 'null',
};

function article(expected: string): string {
  return ARTICLES[expected] ?? expected;
}

/** How a YAML value reads in an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  return String(value);
}

/**
 * A schema-level error for a value of the wrong type: "missing (expected X)" when the key is
 * absent, "expected X, got Y" otherwise.
 */
export function expecting(what: string): z.core.$ZodErrorMap {
  return (issue) =>
    issue.input === undefined
      ? `missing (expected ${what})`
      : `expected ${what}, got ${describeValue(issue.input)}`;
}
