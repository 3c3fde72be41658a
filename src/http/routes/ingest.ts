import cors from '@fastify/cors';
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
import type { FieldError } from '../../ingest/field-error.js';
import { refusedFields } from '../../keys/event-scope.js';
import { verifyingSecrets } from '../../keys/secret-ring.js';
import type { FailedEvent } from '../../runtime/ingest-writer.js';
import { badRequest, HttpError } from '../http-error.js';
import { acceptJsonWhateverTheLabel } from '../ingest-body.js';
import type { LimitCheck } from '../rate-limits.js';
import type { ServerDeps } from '../server.js';
import { writeAuth, writeScopeOf } from '../write-auth.js';
import { ingestSettingsRoutes } from './ingest-settings.js';
import { routeSchema, type RouteDoc } from '../route-schema.js';
import { BATCH, BATCH_REFUSED, CALLS, SUCCESS } from '../schemas/ingest.js';

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

export async function ingestRoutes(
  app: FastifyInstance,
  { deps, limitPerKey }: { deps: ServerDeps; limitPerKey: LimitCheck },
) {
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
  const routeOptions = (bodyLimit: number, doc: IngestDoc) => ({
    bodyLimit,
    onRequest: auth.onRequest,
    preHandler: auth.preHandler,
    schema: ingestSchema(doc),
  });

  for (const type of SINGLE) {
    for (const path of [`/v1/${type}`, `/v1/${SHORT_PATH[type]}`]) {
      const summary =
        path === `/v1/${type}` ? SUMMARY[type] : `${SUMMARY[type]}, as analytics.js 2.0 posts it`;
      const doc = { summary, body: CALLS[type] };
      app.post(path, routeOptions(MAX_EVENT_BYTES, doc), async (request) => {
        const parsed = parseSingle(request.body, type, deps.clock.now());
        if ('errors' in parsed) throw badRequest(parsed.errors);
        const refused = checkScope(request)(parsed.event, '');
        if (refused.length) throw forbidden(refused);
        const { failed } = await deps.writer.submit([parsed.event]);
        if (failed.length) throw notApplied(failed.map((f) => notAppliedError(f, 'body')));
        return { success: true };
      });
    }
  }

  for (const path of ['/v1/batch', '/v1/b']) {
    const doc = {
      summary:
        path === '/v1/batch'
          ? 'Send many calls at once (500 KB at most)'
          : 'Batch, as analytics.js 2.0 posts it in batching mode',
      body: BATCH,
      answers: {
        400: {
          description:
            'Envelope invalid (`error` names the field), or some events rejected: the valid ones are stored, `rejected` says which and why',
          schema: BATCH_REFUSED,
        },
      },
    };
    app.post(path, routeOptions(MAX_BATCH_BYTES, doc), async (request, reply) => {
      const envelope = checkBatchEnvelope(request.body);
      if (envelope.length) throw badRequest(envelope);
      const { events, indexes, rejected } = parseBatch(
        request.body,
        deps.clock.now(),
        'api',
        receivedBytes(request),
        checkScope(request),
      );
      const result = await deps.writer.submit(events);
      for (const failure of result.failed) {
        const index = indexes[failure.index]!;
        rejected.push({ index, errors: [notAppliedError(failure, `batch[${index}]`)] });
      }
      if (rejected.length === 0) return { success: true };
      rejected.sort((a, b) => a.index - b.index);
      // The valid events are stored; a 4xx tells the SDK not to resend the refused ones (and if
      // it resends the whole batch anyway, messageId dedupe keeps the stored ones single). 403
      // when every refused event was refused for the key, 400 when some were invalid.
      const forbiddenOnly = rejected.every((r) => r.forbidden);
      return reply.status(forbiddenOnly ? 403 : 400).send({
        success: false,
        error: {
          code: forbiddenOnly ? 'forbidden_events' : 'invalid_events',
          message: `${rejected.length} of ${rejected.length + events.length - result.failed.length} events rejected; the others were stored`,
        },
        stored: result.stored,
        duplicates: result.duplicates,
        rejected,
      });
    });
  }
}

const SUMMARY: Record<EventType, string> = {
  track: 'Record an action a user performed',
  identify: 'Tie a user to their traits',
  page: 'Record a page view (counted as "Viewed <name> Page")',
  screen: 'Record a mobile screen view',
  group: 'Associate a user with an account',
  alias: 'Merge one identity into another',
};

type IngestDoc = Pick<RouteDoc, 'summary' | 'body' | 'answers'>;

/** Every ingest call: a write key, a Segment call as JSON (whatever its label), `{ success }`. */
function ingestSchema(doc: IngestDoc) {
  return routeSchema({
    ...doc,
    tags: ['ingest'],
    security: [{ writeKeyBasic: [] }, { writeKeyBearer: [] }],
    ok: { description: 'Committed to the event log', schema: SUCCESS },
    errors: {
      400: 'Invalid call: the message names each field at fault',
      401: 'Missing or wrong write key',
      403: 'The public write key may not send this call (alias, or email/phone without a valid context.userHash); the fields say why. On a batch: every rejected event was refused for the key, the others were stored',
      408: 'The request did not arrive within the request timeout',
      422: 'Valid, but it could not be applied (`event_not_applied`): kept as a dead letter',
      429: 'Write queue full or rate limit passed: retry after the Retry-After header',
    },
  });
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

/** A valid call the key may not make: 403, naming each field and what would allow it. */
function forbidden(fields: { field: string; message: string }[]): HttpError {
  return new HttpError(
    403,
    'forbidden',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  );
}
