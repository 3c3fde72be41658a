import type { FastifyRequest } from 'fastify';
import type { KeyRing } from '../keys/key-ring.js';
import { bearerOf } from './auth.js';
import { unauthorized } from './http-error.js';
import type { LimitCheck } from './rate-limits.js';

/**
 * The admin API takes the admin key as a Bearer token, checked as the request arrives (before
 * any body is read). A refused attempt is logged with its address, for whoever watches for
 * someone trying keys; the key given is not logged.
 */
export function adminAuth(keys: KeyRing, limitPerKey: LimitCheck) {
  return async (request: FastifyRequest) => {
    if (!(await keys.isAdmin(bearerOf(request)))) {
      request.log.warn(
        { ip: request.ip, method: request.method, url: request.routeOptions.url ?? request.url },
        'admin authentication failed',
      );
      throw unauthorized('admin key (Authorization: Bearer <CAIRN_ADMIN_KEY>)');
    }
    await limitPerKey(request, 'admin');
  };
}
