import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How keys are kept: a SHA-256 hash, marked `sha256:`. The keys are 192 random bits, so a fast
 * hash is enough (nothing to guess from a dictionary); a slow password hash would only cost
 * every request. A stored value without the mark is a key kept in plain text by an older Cairn.
 */
const MARK = 'sha256:';

export function hashKey(key: string): string {
  return MARK + createHash('sha256').update(key).digest('hex');
}

export function isHashed(stored: string): boolean {
  return stored.startsWith(MARK);
}

/** A new key: its prefix says what it is (`wk_`, `sk_`, `ak_`, `ws_`), then 192 random bits. */
export function newKey(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

/** Compares a given key with a stored hash in constant time. */
export function matchesHash(given: string, hash: string): boolean {
  const a = Buffer.from(hashKey(given));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}
