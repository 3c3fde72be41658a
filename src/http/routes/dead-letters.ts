import type { FastifyInstance } from 'fastify';
import type { DeadLetter } from '../../store/store.js';
import { pageRequest } from '../paging.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import { iso } from '../present.js';
import type { ServerDeps } from '../server.js';
import { page, routeSchema } from '../route-schema.js';

/**
 * Events that passed validation but could not be applied, on the admin API:
 *
 *   GET /api/dead-letters?limit=&after=   newest first: id, messageId, at, error, and the event
 *                                         as it would have been stored; paged by cursor
 *
 * Each was answered with an error when it arrived (422, or its place in a batch's `rejected`),
 * while the events committed with it were stored.
 */
export async function deadLetterRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get(
    '/dead-letters',
    {
      schema: routeSchema({
        summary:
          'Events that passed validation but could not be applied (newest first), with the error',
        querystring: queryParams(PAGE_PARAMS),
        ok: {
          description: 'A page of dead letters',
          schema: page({
            type: 'object',
            properties: {
              id: { type: 'string' },
              messageId: { type: 'string' },
              at: { type: 'string', format: 'date-time' },
              error: { type: 'string' },
              event: { description: 'The event as it would have been stored' },
            },
          }),
        },
      }),
    },
    async (request) => {
      const page = await deps.store.listDeadLetters(
        pageRequest(request.query as Record<string, unknown>),
      );
      return { items: page.items.map(presentDeadLetter), next: page.next };
    },
  );
}

function presentDeadLetter(letter: DeadLetter) {
  return {
    id: letter.id,
    messageId: letter.messageId,
    at: iso(letter.at),
    error: letter.error,
    event: parsed(letter.event),
  };
}

/** The stored event text as JSON; as text when it does not parse (it was kept as it came). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
