import type { z } from 'zod';
import { ALLOWED_KEYS_PREFIX } from './primitives.js';
import type { Path } from './rule-walk.js';
import { closest } from './suggest.js';

/** A schema problem, before it is located in the source. */
export interface LocatedIssue {
  path: Path;
  message: string;
  /** Point at the key (unknown keys, bad names) or at the value. */
  target: 'key' | 'value';
}

/** Turns zod's issues into one issue per problem, each naming what is expected. */
export function schemaIssues(issues: readonly z.core.$ZodIssue[]): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys') {
      const allowed = issue.message.startsWith(ALLOWED_KEYS_PREFIX)
        ? issue.message.slice(ALLOWED_KEYS_PREFIX.length).split(', ')
        : [];
      for (const key of issue.keys) {
        const guess = closest(key, allowed);
        const hint = guess
          ? `; did you mean "${guess}"?`
          : allowed.length
            ? `; allowed keys: ${allowed.join(', ')}`
            : '';
        out.push({ path: [...path, key], message: `unknown key "${key}"${hint}`, target: 'key' });
      }
    } else if (issue.code === 'invalid_union' && chosenAlternative(issue)) {
      // Only one alternative has the shape of the value (a mapping, not a name): its own
      // issues say what is wrong far better than "expected one of the forms".
      const chosen = chosenAlternative(issue)!;
      out.push(
        ...schemaIssues(chosen.map((inner) => ({ ...inner, path: [...path, ...inner.path] }))),
      );
    } else if (issue.code === 'invalid_key') {
      out.push({ path, message: issue.issues[0]?.message ?? issue.message, target: 'key' });
    } else {
      out.push({ path, message: issue.message, target: 'value' });
    }
  }
  return out;
}

/**
 * The one alternative of a union whose issues are about the value's content rather than its type
 * (no type or literal mismatch at its root); null when none or several are.
 */
function chosenAlternative(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | null {
  const fitting = (issue.errors ?? []).filter(
    (alternative) =>
      alternative.length > 0 &&
      !alternative.some(
        (inner) =>
          inner.path.length === 0 &&
          (inner.code === 'invalid_type' ||
            inner.code === 'invalid_value' ||
            (inner.code === 'invalid_union' && !chosenAlternative(inner))),
      ),
  );
  return fitting.length === 1 ? fitting[0]! : null;
}
