import { z } from 'zod';
import { errorMap } from './error-map.js';
import { ruleKindSchemas } from './rule-kinds.js';
import { RULE_OPERATORS, type Rule, type RuleOperator } from './rule-types.js';

const OPERATORS = new Set<string>(RULE_OPERATORS);

/**
 * A rule, validated by its operator key. Dispatching on the key (rather than a zod union) lets an
 * error speak of the rule the author meant: "performed.within: expected a duration", not "no
 * union member matched". The JSON Schema export still describes the rule as a union of its
 * kinds (see json-schema.ts).
 */
export const ruleSchema: z.ZodType<Rule> = z.any().transform((value: unknown, ctx) => {
  const fail = (message: string): never => {
    ctx.issues.push({ code: 'custom', message, input: value });
    return z.NEVER;
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`expected a rule: a mapping with one of ${RULE_OPERATORS.join(', ')}`);
  }
  const operators = Object.keys(value).filter((key) => OPERATORS.has(key));
  if (operators.length === 0) {
    const keys = Object.keys(value);
    return fail(
      `expected a rule with one of ${RULE_OPERATORS.join(', ')}` +
        (keys.length ? `; found ${keys.join(', ')}` : ''),
    );
  }
  if (operators.length > 1) {
    return fail(
      `a rule has one operator, found ${operators.join(' and ')}: combine rules with all or any`,
    );
  }
  const result = ruleKinds[operators[0] as RuleOperator].safeParse(value, { error: errorMap });
  if (!result.success) {
    // Their paths are relative to this rule; zod prefixes them with the rule's own path.
    for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as never);
    return z.NEVER;
  }
  return result.data as Rule;
}) as unknown as z.ZodType<Rule>;

export const ruleKinds = ruleKindSchemas(z.lazy(() => ruleSchema));
