/** The candidate closest to `name` by edit distance, if it is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** "unknown milestone "x"; did you mean "y"?" or "…; defined: a, b, c". */
export function unknownName(kind: string, name: string, known: string[]): string {
  const guess = closest(name, known);
  if (guess) return `unknown ${kind} "${name}"; did you mean "${guess}"?`;
  if (known.length === 0) return `unknown ${kind} "${name}": none is defined`;
  const listed = known.slice(0, 12).join(', ') + (known.length > 12 ? ', …' : '');
  return `unknown ${kind} "${name}"; defined: ${listed}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
