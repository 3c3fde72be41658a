import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentAccount, presentMembership } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';
import { ACCOUNT_DETAIL } from '../schemas/users.js';

export async function accountRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  /** An account (B2B company) with its traits, counters and a page of members. */
  app.get(
    '/accounts/:id',
    {
      schema: routeSchema({
        summary: 'An account (B2B company) with its traits, counters and a page of members',
        params: { id: 'the groupId' },
        querystring: queryParams(PAGE_PARAMS),
        ok: { description: 'The account', schema: ACCOUNT_DETAIL },
        errors: { 404: 'No such account' },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const account = await deps.store.getAccount(id);
      if (!account) throw notFound(`account ${JSON.stringify(id)}`);
      const members = await deps.store.accountMembers(
        id,
        pageRequest(request.query as Record<string, unknown>),
      );
      return {
        ...presentAccount(account),
        members: { items: members.items.map(presentMembership), next: members.next },
      };
    },
  );
}
