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
    } else if (issue.code === 'invalid_key') {
      out.push({ path, message: issue.issues[0]?.message ?? issue.message, target: 'key' });
    } else {
      out.push({ path, message: issue.message, target: 'value' });
    }
  }
  return out;
}
