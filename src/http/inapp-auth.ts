import type { FastifyRequest } from 'fastify';
import { verifyUserHash } from '../consent/user-hash.js';
import { unauthorized } from './http-error.js';

/** Headers of an in-app request; the widget sends the same as `userId` and `userHash` in the
 * query string, which keeps its requests "simple" (no CORS preflight). */
export const USER_HEADER = 'x-cairn-user';
export const USER_HASH_HEADER = 'x-cairn-user-hash';

/**
 * The user an in-app request speaks for: a userId with its hash, the HMAC-SHA256 of the id keyed
 * by the workspace secret (src/consent/user-hash.ts). The product's backend computes the hash;
 * the page only ever sees the hash of its own user, so it cannot read another user's inbox.
 */
export function inappUserId(
  request: FastifyRequest,
  workspaceSecrets: string | readonly string[],
): string {
  const query = request.query as Record<string, unknown>;
  const userId = one(request.headers[USER_HEADER]) ?? one(query.userId);
  const hash = one(request.headers[USER_HASH_HEADER]) ?? one(query.userHash);
  if (userId === null || hash === null || !verifyUserHash(workspaceSecrets, userId, hash))
    throw unauthorized(
      'user hash (X-Cairn-User and X-Cairn-User-Hash, or userId and userHash: the hex HMAC-SHA256 of the user id keyed by the workspace secret)',
    );
  return userId;
}

/** A single non-empty value: a repeated header or parameter counts as missing. */
function one(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
