/**
 * The query parameters a route takes, as the route's `schema.querystring`: any other parameter
 * is a 400 that names it (`/api/users?q=kim` must not quietly list every user). The values are
 * left untyped here: each handler reads and checks them (query-string.ts, paging.ts) with
 * messages that say what is expected. The same schema documents the route.
 */
export function queryParams(params: Record<string, string>) {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(params).map(([name, description]) => [name, { description }]),
    ),
    additionalProperties: false,
  } as const;
}

export const PAGE_PARAMS = {
  limit: 'page size, 1–500 (default 50)',
  after: 'the `next` cursor of the previous page',
};

/** For a route declared without one: it takes no query parameters at all. */
export const NO_QUERY = queryParams({});
