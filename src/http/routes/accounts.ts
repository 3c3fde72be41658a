import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-error.js';
import { pageRequest } from '../paging.js';
import { presentAccount, presentMembership } from '../present.js';
import { PAGE_PARAMS, queryParams } from '../query-schema.js';
import type { ServerDeps } from '../server.js';

export async function accountRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  /** An account (B2B company) with its traits, counters and a page of members. */
  app.get(
    '/accounts/:id',
    { schema: { querystring: queryParams(PAGE_PARAMS) } },
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
