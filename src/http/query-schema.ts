import { DEFAULT_PAGE, MAX_PAGE } from './paging.js';

/**
 * The query parameters a route takes, as the route's `schema.querystring`: any other parameter
 * is a 400 that names it (`/api/users?q=kim` must not quietly list every user; schema-checks.ts).
 * Each is given by its description, or by a schema that documents its values (`{ type:
 * 'integer', description }`): the values are not checked here but by the handler
 * (query-string.ts, paging.ts), with messages that say what is expected. The same schema
 * documents the route (`/api/openapi.json`). `others: 'allowed'` documents the parameters of a
 * public route that tolerates more (the in-app API's auth parameters, a cache buster).
 */
export type QueryParam = string | ({ description: string } & Record<string, unknown>);

export function queryParams(
  params: Record<string, QueryParam>,
  others: 'refused' | 'allowed' = 'refused',
) {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(params).map(([name, param]) => [
        name,
        typeof param === 'string' ? { type: 'string', description: param } : param,
      ]),
    ),
    additionalProperties: others === 'allowed',
  } as const;
}

/** As paging.ts reads them. */
export const PAGE_PARAMS = {
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE,
    default: DEFAULT_PAGE,
    description: `page size, 1–${MAX_PAGE} (default ${DEFAULT_PAGE})`,
  },
  after: { type: 'string', description: 'the `next` cursor of the previous page' },
} satisfies Record<string, QueryParam>;

/** For a route declared without one: it takes no query parameters at all. */
export const NO_QUERY = queryParams({});
