/**
 * The answer of a rule at one moment: whether it holds, the earliest moment it could change with
 * no new event (a lower bound: re-checking then is always safe, never late), and the facts that
 * decided it, in words.
 */
export interface Verdict {
  value: boolean;
  changeAt: number | null;
  facts: string[];
}

export function verdict(value: boolean, fact: string, changeAt: number | null = null): Verdict {
  return { value, changeAt, facts: [fact] };
}

export function earliest(...times: (number | null)[]): number | null {
  let out: number | null = null;
  for (const time of times) if (time !== null && (out === null || time < out)) out = time;
  return out;
}

/** The latest of the times, or null if any is null (one part that never changes blocks). */
function latest(times: (number | null)[]): number | null {
  let out: number | null = null;
  for (const time of times) {
    if (time === null) return null;
    if (out === null || time > out) out = time;
  }
  return out;
}

/**
 * All parts hold. A true `all` changes when its first part turns false; a false one can turn true
 * only once every failing part has turned true, so not before the latest of their changes.
 */
export function allOf(parts: Verdict[]): Verdict {
  const failing = parts.filter((part) => !part.value);
  if (failing.length === 0) {
    return {
      value: true,
      changeAt: earliest(...parts.map((p) => p.changeAt)),
      facts: parts.flatMap((p) => p.facts),
    };
  }
  return {
    value: false,
    changeAt: latest(failing.map((p) => p.changeAt)),
    facts: failing.flatMap((p) => p.facts),
  };
}

/** Some part holds: the mirror image of `allOf`. */
export function anyOf(parts: Verdict[]): Verdict {
  const passing = parts.filter((part) => part.value);
  if (passing.length === 0) {
    return {
      value: false,
      changeAt: earliest(...parts.map((p) => p.changeAt)),
      facts: parts.flatMap((p) => p.facts),
    };
  }
  return {
    value: true,
    changeAt: latest(passing.map((p) => p.changeAt)),
    facts: passing.flatMap((p) => p.facts),
  };
}

export function negate(inner: Verdict): Verdict {
  return {
    value: !inner.value,
    changeAt: inner.changeAt,
    facts: inner.facts.map((fact) => `not: ${fact}`),
  };
}

/** `(at least 3: yes)` */
export function outcome(test: string, value: boolean): string {
  return `(${test}: ${value ? 'yes' : 'no'})`;
}
