import type { FastifyInstance } from 'fastify';
import { INTERRUPTED } from '../../runtime/delivery/delivery-worker.js';
import { findProfile } from '../find-profile.js';
import { HttpError, notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentMessage } from '../present-journeys.js';
import { optionalChoice, optionalString } from '../query-string.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { MESSAGE, MESSAGE_PAGE, MESSAGE_STATE, MESSAGE_STATES } from '../schemas/journeys.js';
import { routeSchema } from '../route-schema.js';

const MESSAGE_ID = { id: 'the message id: `<run id>:<step id>:<visit>`' };

const ONE = routeSchema({
  summary: 'One message of the delivery log, with its payload',
  params: MESSAGE_ID,
  ok: {
    description: 'The message',
    schema: { allOf: [MESSAGE, { type: 'object', properties: { payload: { type: 'object' } } }] },
  },
  errors: { 404: 'No such message' },
});

const RETRY = routeSchema({
  summary:
    'Put a dead or failed message back in the queue: delivery takes it again, checking consent, caps and quiet hours anew',
  params: MESSAGE_ID,
  ok: { description: 'The message, queued again', schema: MESSAGE },
  errors: {
    404: 'No such message',
    409: 'The message is neither dead nor failed, or was cut off mid-send (`not_retryable`)',
  },
});

/**
 * The delivery log: every message a journey queued, deferred, sent, failed, suppressed, capped or
 * held out, with why, newest first, paged by cursor.
 *
 *   GET /api/messages?userId=&journey=&state=&limit=&after=
 *     userId   userId, profile id or anonymousId
 *     journey  a journey id (removed journeys too: their messages stay)
 *     state    one of MESSAGE_STATES
 *   GET /api/messages/:id   one message with its payload; :id is `<run id>:<step id>:<visit>`
 *   POST /api/messages/:id/retry   a dead or failed message back in the queue (a webhook whose
 *     endpoint was down for longer than the retries lasted, an SMTP server that refused for a
 *     reason since fixed): delivery takes it again within a second, checking consent, caps and
 *     quiet hours anew. 409 for a message in any other state (one sent, or still on its way)
 *     and for one cut off mid-send: they are never sent again.
 */
export async function messageRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store } = deps;

  app.get(
    '/messages',
    {
      schema: routeSchema({
        summary: 'The delivery log, newest first',
        querystring: queryParams({
          userId: "one user's messages (userId, profile id or anonymousId)",
          journey: "one journey's messages",
          state: { ...MESSAGE_STATE, description: 'one delivery state' },
          ...PAGE_PARAMS,
        }),
        ok: { description: 'A page of messages', schema: MESSAGE_PAGE },
      }),
    },
    async (request) => {
      const query = request.query as Record<string, unknown>;
      const userId = optionalString(query, 'userId');
      const journeyId = optionalString(query, 'journey');
      const state = optionalChoice(query, 'state', MESSAGE_STATES);
      const page = pageRequest(query);
      // An id that names no profile still filters: messages outlive a deleted profile.
      const profileId = userId === undefined ? undefined : await profileIdOf(userId);
      const messages = await store.listMessages({ profileId, journeyId, state }, page);
      return { items: messages.items.map(presentMessage), next: messages.next };
    },
  );

  app.get('/messages/:id', { schema: ONE }, async (request) => {
    const { id } = request.params as { id: string };
    const message = await store.getMessage(id);
    if (!message) throw notFound(`message ${JSON.stringify(id)}`);
    return { ...presentMessage(message), payload: message.payload };
  });

  app.post('/messages/:id/retry', { schema: RETRY }, async (request) => {
    const { id } = request.params as { id: string };
    const message = await store.getMessage(id);
    if (!message) throw notFound(`message ${JSON.stringify(id)}`);
    if (message.reason === INTERRUPTED) {
      throw new HttpError(
        409,
        'not_retryable',
        `message ${JSON.stringify(id)} was cut off mid-send and may have been delivered: it is never sent again`,
      );
    }
    const requeued = await store.transaction((tx) =>
      tx.requeueMessage(id, deps.clock.now(), 'retried by hand (POST /api/messages/:id/retry)'),
    );
    if (!requeued) {
      const now = (await store.getMessage(id))?.state ?? message.state;
      throw new HttpError(
        409,
        'not_retryable',
        `message ${JSON.stringify(id)} is ${now}: only a dead or failed message can be retried`,
      );
    }
    return presentMessage(requeued);
  });

  async function profileIdOf(id: string): Promise<string> {
    return (await findProfile(store, id))?.id ?? id;
  }
}
