import { createHash } from 'node:crypto';

/**
 * A number in [0, 1) decided by the parts alone: the same parts always give the same number, and
 * different parts spread evenly (the first 48 bits of a SHA-256). Holdouts and splits use it, so
 * a user's group never depends on when or where the decision is made.
 */
export function hashUnit(...parts: string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A short stable identifier from its parts (`run_3f9a…`). */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}
