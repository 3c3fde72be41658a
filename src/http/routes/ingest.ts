import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventType, IncomingEvent } from '../../core/types.js';
import {
  checkBatchEnvelope,
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  parseBatch,
  parseSingle,
} from '../../ingest/parse-batch.js';
import { verifyUserHash } from '../../consent/user-hash.js';
import { refusedFields } from '../../keys/event-scope.js';
import { verifyingSecrets } from '../../keys/secret-ring.js';
import { badRequest, HttpError } from '../http-error.js';
import type { LimitCheck } from '../rate-limits.js';
import type { ServerDeps } from '../server.js';
import { writeAuth, writeScopeOf } from '../write-auth.js';

/**
 * The Segment HTTP tracking API: `/v1/track|identify|page|screen|group|alias` take one call,
 * `/v1/batch` takes many. Bodies: https://segment.com/docs/connections/spec/ — limits 32 KB per
 * call and 500 KB per batch. A 200 means the events are committed to the event log.
 */
const SINGLE: EventType[] = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

export async function ingestRoutes(
  app: FastifyInstance,
  { deps, limitPerKey }: { deps: ServerDeps; limitPerKey: LimitCheck },
) {
  const auth = writeAuth(deps.keys, limitPerKey);
  /** What the request's key may not do in an event (keys/event-scope.ts). */
  const checkScope = (request: FastifyRequest) => {
    const scope = writeScopeOf(request);
    const verify = (userId: string, hash: string) =>
      verifyUserHash(
        verifyingSecrets(deps.workspaceSecret, deps.previousSecrets, deps.clock.now()),
        userId,
        hash,
      );
    return (event: IncomingEvent, path: string) => refusedFields(event, path, scope, verify);
  };

  for (const type of SINGLE) {
    app.post(
      `/v1/${type}`,
      { bodyLimit: MAX_EVENT_BYTES, onRequest: auth.onRequest, preHandler: auth.preHandler },
      async (request) => {
        const parsed = parseSingle(request.body, type, deps.clock.now());
        if ('errors' in parsed) throw badRequest(parsed.errors);
        const refused = checkScope(request)(parsed.event, '');
        if (refused.length) throw forbidden(refused);
        await deps.writer.submit([parsed.event]);
        return { success: true };
      },
    );
  }

  app.post(
    '/v1/batch',
    { bodyLimit: MAX_BATCH_BYTES, onRequest: auth.onRequest, preHandler: auth.preHandler },
    async (request, reply) => {
      const envelope = checkBatchEnvelope(request.body);
      if (envelope.length) throw badRequest(envelope);
      const { events, rejected } = parseBatch(
        request.body,
        deps.clock.now(),
        'api',
        receivedBytes(request),
        checkScope(request),
      );
      const result = await deps.writer.submit(events);
      if (rejected.length === 0) return { success: true };
      // The valid events are stored; a 4xx tells the SDK not to resend the refused ones (and if
      // it resends the whole batch anyway, messageId dedupe keeps the stored ones single). 403
      // when every refused event was refused for the key, 400 when some were invalid.
      const forbiddenOnly = rejected.every((r) => r.forbidden);
      return reply.status(forbiddenOnly ? 403 : 400).send({
        success: false,
        error: {
          code: forbiddenOnly ? 'forbidden_events' : 'invalid_events',
          message: `${rejected.length} of ${rejected.length + events.length} events rejected; the others were stored`,
        },
        stored: result.stored,
        duplicates: result.duplicates,
        rejected,
      });
    },
  );
}

/** The body's size as sent, where the request says it: Fastify refuses a body whose length
 * differs from its Content-Length. A compressed body's decoded size is not known up front. */
function receivedBytes(request: FastifyRequest): number | undefined {
  if (request.headers['content-encoding']) return undefined;
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) ? length : undefined;
}

/** A valid call the key may not make: 403, naming each field and what would allow it. */
function forbidden(fields: { field: string; message: string }[]): HttpError {
  return new HttpError(
    403,
    'forbidden',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  );
}
