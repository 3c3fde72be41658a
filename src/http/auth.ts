import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * The write key in a request's headers, as a Segment SDK sends it: the Basic-auth user name
 * (password empty) or a Bearer token. Undefined: no Authorization header (the key may be in the
 * body); null: a header that carries no usable key.
 */
export function headerWriteKeyOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  return null;
}

/** `writeKey` in the body, as some SDKs send it with batches. */
export function bodyWriteKeyOf(request: FastifyRequest): string | null {
  const body = request.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' ? body.writeKey : null;
}

export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

/** Compares secrets in constant time, so timing does not reveal how much of a key was right. */
export function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
