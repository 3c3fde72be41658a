import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventType } from '../../core/types.js';
import {
  checkBatchEnvelope,
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  parseBatch,
  parseSingle,
} from '../../ingest/parse-batch.js';
import { sameSecret, writeKeyOf } from '../auth.js';
import { badRequest, HttpError, unauthorized } from '../http-error.js';
import { acceptJsonWhateverTheLabel } from '../ingest-body.js';
import type { FailedEvent } from '../../runtime/ingest-writer.js';
import type { FieldError } from '../../ingest/field-error.js';
import type { ServerDeps } from '../server.js';
import { ingestSettingsRoutes } from './ingest-settings.js';

/**
 * The Segment HTTP tracking API: `/v1/track|identify|page|screen|group|alias` take one call,
 * `/v1/batch` takes many. Bodies: https://segment.com/docs/connections/spec/ — limits 32 KB per
 * call and 500 KB per batch. A 200 means the events are committed to the event log.
 */
const SINGLE: EventType[] = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

/** analytics.js 2.0 posts to `/v1/<first letter of the call>` (`/v1/b` when batching). */
const SHORT_PATH: Record<EventType, string> = {
  track: 't',
  identify: 'i',
  page: 'p',
  screen: 's',
  group: 'g',
  alias: 'a',
};

export async function ingestRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  acceptJsonWhateverTheLabel(app);
  // Browser clients call from the product's pages: preflights answered, any origin unless
  // CAIRN_INGEST_ORIGINS lists some; then a call from another page is refused with a 403 (a
  // text/plain POST needs no preflight, so hiding the answer alone would not stop it).
  const origins = deps.ingestOrigins ?? '*';
  await app.register(cors, {
    origin: (origin, callback) => {
      if (origins === '*' || origin === undefined || origins.includes(origin.toLowerCase()))
        return callback(null, true);
      callback(
        new HttpError(
          403,
          'origin_not_allowed',
          `origin ${origin} may not send events (CAIRN_INGEST_ORIGINS)`,
        ),
        false,
      );
    },
    methods: ['GET', 'POST'],
    maxAge: 600,
  });
  await app.register(ingestSettingsRoutes, { deps });

  const authenticate = async (request: FastifyRequest) => {
    if (!sameSecret(writeKeyOf(request), deps.writeKey)) {
      throw unauthorized('write key (Basic auth user name, or Authorization: Bearer <write key>)');
    }
  };

  for (const type of SINGLE) {
    for (const path of [`/v1/${type}`, `/v1/${SHORT_PATH[type]}`]) {
      app.post(path, { bodyLimit: MAX_EVENT_BYTES, preHandler: authenticate }, async (request) => {
        const parsed = parseSingle(request.body, type, deps.clock.now());
        if ('errors' in parsed) throw badRequest(parsed.errors);
        const { failed } = await deps.writer.submit([parsed.event]);
        if (failed.length) throw notApplied(failed.map((f) => notAppliedError(f, 'body')));
        return { success: true };
      });
    }
  }

  for (const path of ['/v1/batch', '/v1/b']) {
    app.post(
      path,
      { bodyLimit: MAX_BATCH_BYTES, preHandler: authenticate },
      async (request, reply) => {
        const envelope = checkBatchEnvelope(request.body);
        if (envelope.length) throw badRequest(envelope);
        const { events, indexes, rejected } = parseBatch(
          request.body,
          deps.clock.now(),
          'api',
          receivedBytes(request),
        );
        const result = await deps.writer.submit(events);
        for (const failure of result.failed) {
          const index = indexes[failure.index]!;
          rejected.push({ index, errors: [notAppliedError(failure, `batch[${index}]`)] });
        }
        if (rejected.length === 0) return { success: true };
        rejected.sort((a, b) => a.index - b.index);
        // The valid events are stored; a 400 tells the SDK not to resend the invalid ones (and if it
        // resends the whole batch anyway, messageId dedupe keeps the stored ones single).
        return reply.status(400).send({
          success: false,
          error: {
            code: 'invalid_events',
            message: `${rejected.length} of ${rejected.length + events.length - result.failed.length} events rejected; the others were stored`,
          },
          stored: result.stored,
          duplicates: result.duplicates,
          rejected,
        });
      },
    );
  }
}

/** The body's size as sent, where the request says it: Fastify refuses a body whose length
 * differs from its Content-Length. A compressed body's decoded size is not known up front. */
function receivedBytes(request: FastifyRequest): number | undefined {
  if (request.headers['content-encoding']) return undefined;
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) ? length : undefined;
}

/** An event that passed validation but could not be applied, named with its dead letter. */
function notAppliedError({ deadLetter }: FailedEvent, field: string): FieldError {
  return {
    field,
    message: `could not be applied (${deadLetter.error}); kept as dead letter ${deadLetter.id}`,
  };
}

/** 422: the event is well-formed but cannot be applied; sending it again will not help. */
function notApplied(fields: FieldError[]): HttpError {
  return new HttpError(422, 'event_not_applied', fields.map((f) => f.message).join('; '), fields);
}
