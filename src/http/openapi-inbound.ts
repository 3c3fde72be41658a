import { adminPost } from './openapi-helpers.js';

/** The OpenAPI part of inbound mail (routes/inbound.ts). */
const raw = { type: 'string', description: 'The raw email (RFC 5322), as received' };

export const inboundPaths = {
  '/api/inbound/email': adminPost({
    summary:
      'Process an email received by the unsubscribe/bounce mailbox: a mailto unsubscribe, ' +
      'a delivery status notification (RFC 3464) or a feedback-loop complaint (RFC 5965)',
    parameters: [],
    requestBody: {
      required: true,
      content: {
        'message/rfc822': { schema: raw },
        'text/plain': { schema: raw },
        'application/octet-stream': { schema: raw },
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
  }),
};
