import type { FastifyError, FastifyInstance } from 'fastify';
import { InboundMailError } from '../../inbound/read-inbound-mail.js';
import {
  INBOUND_MAIL_LIMIT,
  processInboundMail,
} from '../../runtime/inbound/process-inbound-mail.js';
import { errorHandler } from '../error-handler.js';
import { badRequest, HttpError } from '../http-error.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';

const RAW = { type: 'string', description: 'The raw email (RFC 5322), as received' };

const SCHEMA = routeSchema({
  summary:
    'Process an email received by the unsubscribe/bounce mailbox: a mailto unsubscribe, ' +
    'a delivery status notification (RFC 3464) or a feedback-loop complaint (RFC 5965)',
  body: {
    content: {
      'message/rfc822': { schema: RAW },
      'text/plain': { schema: RAW },
      'application/octet-stream': { schema: RAW },
    },
  },
  ok: {
    description:
      'What the email was and what was done; `ignored` writes nothing. The same email twice ' +
      'changes nothing the second time',
    schema: {
      type: 'object',
      required: ['outcome', 'reason', 'userId'],
      properties: {
        outcome: { enum: ['unsubscribe', 'bounce', 'complaint', 'ignored'] },
        reason: { type: 'string' },
        userId: { type: ['string', 'null'], description: 'The profile concerned' },
      },
    },
  },
  errors: {
    400: 'Not an email (`fields` names the body)',
    413: 'The email exceeds the 1 MB limit (`too_large`)',
    415: 'Not sent as message/rfc822, text/plain or application/octet-stream',
  },
});

/**
 * Mail received by the unsubscribe/bounce mailbox, on the admin API:
 *
 *   POST /api/inbound/email   body: the raw email (RFC 5322), Content-Type message/rfc822,
 *                             text/plain or application/octet-stream; 1 MB at most
 *     200 { outcome: unsubscribe | bounce | complaint | ignored, reason, userId }
 *
 * A `mailto:` unsubscribe with a valid message token leaves the message's topic (or all
 * marketing), as the one-click link does; a delivery status notification of a permanent failure
 * suppresses the recipient's email; a feedback-loop complaint suppresses it and leaves all
 * marketing. Anything else is answered `ignored` with the reason, and writes nothing. Mail is fed
 * here by the mail server (a pipe to curl) or by an inbound-mail webhook: see docs/consent.md.
 */
const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

export async function inboundRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  // Inside this plugin only: the raw bytes (Fastify's own text/plain parser gives a string).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    RAW_TYPES,
    { parseAs: 'buffer', bodyLimit: INBOUND_MAIL_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: { code: 'too_large', message: 'the email exceeds the 1 MB inbound mail limit' },
      });
    }
    return errorHandler(error, request, reply);
  });

  app.post('/inbound/email', { bodyLimit: INBOUND_MAIL_LIMIT, schema: SCHEMA }, async (request) => {
    const raw = request.body;
    if (raw === undefined || raw === null) {
      throw badRequest([{ field: 'body', message: 'missing: send the raw email' }]);
    }
    if (!Buffer.isBuffer(raw)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `send the raw email as ${RAW_TYPES.join(', ')}`,
      );
    }
    try {
      return await processInboundMail(deps, raw);
    } catch (error) {
      if (error instanceof InboundMailError) {
        throw badRequest([{ field: 'body', message: error.message }]);
      }
      throw error;
    }
  });
}
