import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AllowedOrigins } from '../config/inapp-origins.js';
import { USER_HASH_HEADER, USER_HEADER } from './inapp-auth.js';
import { HttpError } from './http-error.js';

/**
 * CORS for the in-app API, which products call from their own pages (the widget, or their own
 * code). No credentials are involved (the user hash is the credential), so any origin may read
 * the answers unless CAIRN_INAPP_ORIGINS lists some: then a request from another page is
 * refused outright, not only hidden from its script, since a POST needs no preflight.
 * Preflights (OPTIONS) are answered here, for every path of the scope, before routing.
 */
export function inappCors(origins: AllowedOrigins) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origins === '*') {
      reply.header('access-control-allow-origin', '*');
    } else {
      reply.header('vary', 'Origin');
      if (origin !== undefined) {
        if (!origins.includes(origin.toLowerCase()))
          throw new HttpError(
            403,
            'origin_not_allowed',
            `origin ${origin} may not call the in-app API (CAIRN_INAPP_ORIGINS)`,
          );
        reply.header('access-control-allow-origin', origin);
      }
    }
    if (request.method === 'OPTIONS') {
      return reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', `${USER_HEADER}, ${USER_HASH_HEADER}, content-type`)
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    }
  };
}
