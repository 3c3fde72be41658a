import type { FastifyInstance } from 'fastify';
import {
  isOutboxCursor,
  pageOutbox,
  readOutboxMessage,
} from '../../channels/email/outbox-reader.js';
import { badRequest, HttpError, notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { optionalString } from '../query-string.js';
import { iso } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { page, routeSchema } from '../route-schema.js';
import { OUTBOX_ENTRY } from '../schemas/consent.js';

const ONE = routeSchema({
  summary: 'One dev-outbox message: the raw .eml',
  params: { id: 'the outbox id' },
  ok: {
    description: 'The message',
    content: { 'message/rfc822': { schema: { type: 'string' } } },
  },
  errors: { 404: 'No such message, or no outbox (`no_outbox`: SMTP is configured)' },
});

/**
 * The dev outbox, where email goes when SMTP_URL is not set (so `npm start` needs no mail
 * server), on the admin API:
 *
 *   GET /api/outbox?to=&limit=&after=   the newest messages first: id, date, from, to,
 *                            subject, size; `to` keeps one recipient's (part of the address);
 *                            limit 1–500, default 50; `after` is the previous page's `next`
 *   GET /api/outbox/:id      one message as it would have been sent: the raw `.eml`
 *                            (message/rfc822), to open in a mail program or parse
 *
 * With SMTP configured there is no outbox: both answer 404 `no_outbox`.
 */
export async function outboxRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const dir = deps.outboxDir ?? null;
  const noOutbox = () =>
    new HttpError(404, 'no_outbox', 'no dev outbox: email is sent over SMTP (SMTP_URL is set)');

  app.get(
    '/outbox',
    {
      schema: routeSchema({
        summary: 'The dev outbox (no SMTP_URL): newest messages first',
        querystring: queryParams({
          to: "one recipient's mail (part of the address)",
          ...PAGE_PARAMS,
        }),
        ok: { description: 'A page of outbox messages', schema: page(OUTBOX_ENTRY) },
        errors: { 404: 'No outbox (`no_outbox`: SMTP is configured)' },
      }),
    },
    async (request) => {
      if (!dir) throw noOutbox();
      const query = request.query as Record<string, unknown>;
      const page = pageRequest(query);
      const to = optionalString(query, 'to');
      if (page.after && !isOutboxCursor(page.after))
        throw badRequest([{ field: 'after', message: 'must be the next of a previous page' }]);
      const result = await pageOutbox(dir, { ...page, to });
      return {
        items: result.items.map((entry) => ({ ...entry, date: iso(entry.date) })),
        next: result.next,
      };
    },
  );

  app.get('/outbox/:id', { schema: ONE }, async (request, reply) => {
    if (!dir) throw noOutbox();
    const { id } = request.params as { id: string };
    const raw = await readOutboxMessage(dir, id);
    if (!raw) throw notFound(`outbox message ${JSON.stringify(id)}`);
    return reply
      .header('content-type', 'message/rfc822')
      .header('content-disposition', `inline; filename="${id}.eml"`)
      .send(raw);
  });
}
