import type { FastifyRequest } from 'fastify';
import { bearerOf, sameSecret } from './auth.js';
import { unauthorized } from './http-error.js';

/** The admin API takes the admin key as a Bearer token. */
export function adminAuth(adminKey: string) {
  return async (request: FastifyRequest) => {
    if (!sameSecret(bearerOf(request), adminKey))
      throw unauthorized('admin key (Authorization: Bearer <CAIRN_ADMIN_KEY>)');
  };
}
