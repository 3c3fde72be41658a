import type { FastifyRequest } from 'fastify';
import type { KeyRing, KeyScope } from '../keys/key-ring.js';
import { bodyWriteKeyOf, headerWriteKeyOf } from './auth.js';
import { unauthorized } from './http-error.js';
import type { LimitCheck } from './rate-limits.js';

const scopes = new WeakMap<FastifyRequest, KeyScope>();

/** The scope of the write key of a request that passed `writeAuth`. */
export function writeScopeOf(request: FastifyRequest): KeyScope {
  const scope = scopes.get(request);
  if (!scope) throw new Error('writeScopeOf: the request was not authenticated');
  return scope;
}

/**
 * The write-key check of the ingest routes, in two hooks. `onRequest` checks a key sent in the
 * Authorization header before the body is read, so a wrong key costs no 500 KB read; only a
 * request without that header waits for its body, where some SDKs put `writeKey`
 * (`preHandler`). The per-key rate limit applies once the key is known: per key for the
 * server key, per key and address for the public one, which every visitor of a page shares.
 */
export function writeAuth(keys: KeyRing, limitPerKey: LimitCheck) {
  const accept = async (request: FastifyRequest, key: string | null) => {
    const scope = await keys.writeScope(key);
    if (scope === null)
      throw unauthorized('write key (Basic auth user name, or Authorization: Bearer <write key>)');
    scopes.set(request, scope);
    await limitPerKey(request, scope === 'server' ? 'server' : `public:${request.ip}`);
  };
  return {
    onRequest: async (request: FastifyRequest) => {
      const key = headerWriteKeyOf(request);
      if (key !== undefined) await accept(request, key);
    },
    preHandler: async (request: FastifyRequest) => {
      if (!scopes.has(request)) await accept(request, bodyWriteKeyOf(request));
    },
  };
}
