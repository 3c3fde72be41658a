import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Limits } from '../config/limits.js';
import { HttpError } from './http-error.js';

/** Checks one request against a limit, counting it; throws 429 with Retry-After past it. */
export type LimitCheck = (request: FastifyRequest, bucket: string) => Promise<void>;

/**
 * The per-address and per-key request limits, on @fastify/rate-limit's in-memory store (one
 * process; several processes each count their own). The per-address limit runs on every
 * request before anything else, so a flood of bad keys or stalled bodies is cut early; the
 * per-key limit runs once a route knows which key a request carries (ingest and admin routes),
 * through the returned check. Each is off when its setting is 0.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  limits: Limits,
): Promise<LimitCheck> {
  await app.register(rateLimit, { global: false, cache: 50_000 });
  const limiter = (max: number) =>
    max > 0
      ? app.createRateLimit({
          max,
          timeWindow: limits.windowMs,
          keyGenerator: (request) => bucketOf.get(request) ?? `ip:${request.ip}`,
        })
      : null;
  const bucketOf = new WeakMap<FastifyRequest, string>();
  const check = async (
    request: FastifyRequest,
    bucket: string,
    limit: ReturnType<typeof limiter>,
    what: string,
  ) => {
    if (!limit) return;
    bucketOf.set(request, bucket);
    const result = await limit(request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    throw new HttpError(
      429,
      'rate_limited',
      `more than ${result.max} requests in ${limits.windowMs / 1000} s ${what}; retry in ${seconds} s`,
      undefined,
      { 'retry-after': String(seconds) },
    );
  };
  const perIp = limiter(limits.perIp);
  const perKey = limiter(limits.perKey);
  app.addHook('onRequest', (request) =>
    check(request, `ip:${request.ip}`, perIp, 'from this address'),
  );
  return (request, bucket) => check(request, `key:${bucket}`, perKey, 'with this key');
}
