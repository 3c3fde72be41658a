/**
 * The answer of a rule at one moment: whether it holds, the earliest moment it could change with
 * no new event (a lower bound: re-checking then is always safe, never late), and the facts that
 * decided it, in words. Facts are only written when asked for (`explain`): most evaluations
 * change nothing, and words are by far the most expensive part.
 *
 * A rule evaluated on its own (compileRule, for journeys) answers with a Verdict. The functions
 * below state how `all`, `any` and `not` combine change times; the engine's own evaluation
 * (combine-rules.ts) applies the same rules without building a Verdict per rule.
 */
export interface Verdict {
  value: boolean;
  changeAt: number | null;
  facts: readonly string[];
}

const NO_FACTS: readonly string[] = Object.freeze([]);

export function verdict(
  ctx: { explain: boolean },
  value: boolean,
  fact: () => string,
  changeAt: number | null = null,
): Verdict {
  return { value, changeAt, facts: ctx.explain ? [fact()] : NO_FACTS };
}

export function earliest(...times: (number | null)[]): number | null {
  let out: number | null = null;
  for (const time of times) if (time !== null && (out === null || time < out)) out = time;
  return out;
}

function earliestOf(parts: Verdict[]): number | null {
  let out: number | null = null;
  for (const { changeAt } of parts)
    if (changeAt !== null && (out === null || changeAt < out)) out = changeAt;
  return out;
}

/** The latest change among the parts with this value, or null if any of them never changes. */
function latestOf(parts: Verdict[], value: boolean): number | null {
  let out: number | null = null;
  for (const part of parts) {
    if (part.value !== value) continue;
    if (part.changeAt === null) return null;
    if (out === null || part.changeAt > out) out = part.changeAt;
  }
  return out;
}

function factsOf(parts: Verdict[], value: boolean | null): readonly string[] {
  let facts: string[] | null = null;
  for (const part of parts) {
    if (part.facts.length === 0 || (value !== null && part.value !== value)) continue;
    (facts ??= []).push(...part.facts);
  }
  return facts ?? NO_FACTS;
}

/**
 * All parts hold. A true `all` changes when its first part turns false; a false one can turn true
 * only once every failing part has turned true, so not before the latest of their changes.
 */
export function allOf(parts: Verdict[]): Verdict {
  if (parts.every((part) => part.value))
    return { value: true, changeAt: earliestOf(parts), facts: factsOf(parts, null) };
  return { value: false, changeAt: latestOf(parts, false), facts: factsOf(parts, false) };
}

/** Some part holds: the mirror image of `allOf`. */
export function anyOf(parts: Verdict[]): Verdict {
  if (!parts.some((part) => part.value))
    return { value: false, changeAt: earliestOf(parts), facts: factsOf(parts, null) };
  return { value: true, changeAt: latestOf(parts, true), facts: factsOf(parts, true) };
}

export function negate(inner: Verdict): Verdict {
  return {
    value: !inner.value,
    changeAt: inner.changeAt,
    facts: inner.facts.length ? inner.facts.map((fact) => `not: ${fact}`) : NO_FACTS,
  };
}

/** `(at least 3: yes)` */
export function outcome(test: string, value: boolean): string {
  return `(${test}: ${value ? 'yes' : 'no'})`;
}
