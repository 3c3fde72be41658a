import type { FastifySchema } from 'fastify';
import { NO_QUERY } from './query-schema.js';

/**
 * How a route declares itself: its request (path parameters, query, body) and its answers, as
 * the `schema` of its Fastify route options. `/api/openapi.json` is generated from these
 * (api-document.ts), so the document says what the code serves. The schemas document; they do
 * not transform: values are read and checked by the handlers, whose messages name the field
 * (schema-checks.ts says what Fastify itself checks: unknown query parameters).
 *
 *   app.get('/things/:id', {
 *     schema: routeSchema({
 *       summary: 'A thing',
 *       params: { id: 'the thing id' },
 *       querystring: queryParams({ kind: 'only things of this kind' }),
 *       ok: { description: 'The thing', schema: THING },
 *       errors: { 404: 'No such thing' },
 *     }),
 *   }, handler);
 */
export interface RouteDoc {
  summary: string;
  /** Admin routes get theirs from the admin scope (adminRouteSchema). */
  tags?: string[];
  security?: Record<string, string[]>[];
  /** Each path parameter with its description. */
  params?: Record<string, string>;
  /** `queryParams(...)` (query-schema.ts). */
  querystring?: object;
  /** The JSON body's schema, or `{ content: { <media type>: { schema } } }` for others. */
  body?: object;
  /** The success answer: JSON with `schema`, or `content` for other media types. */
  ok: Answer;
  /** The other statuses it may answer, each with its description: `{ error }` bodies. */
  errors?: Record<number, string>;
  /** Other answers with their own body (an HTML page, a redirect). */
  answers?: Record<number, Answer>;
}

export interface Answer {
  status?: number;
  description: string;
  schema?: object;
  content?: Record<string, { schema: object }>;
  headers?: Record<string, { schema: object; description?: string }>;
}

export function routeSchema(doc: RouteDoc): FastifySchema {
  const answers: Record<string, object> = {
    [doc.ok.status ?? 200]: answer(doc.ok),
  };
  for (const [status, description] of Object.entries(doc.errors ?? {}))
    answers[status] = errorAnswer(description);
  for (const [status, other] of Object.entries(doc.answers ?? {})) answers[status] = answer(other);
  return {
    summary: doc.summary,
    ...(doc.tags ? { tags: doc.tags } : {}),
    ...(doc.security ? { security: doc.security } : {}),
    ...(doc.params ? { params: pathParams(doc.params) } : {}),
    ...(doc.querystring ? { querystring: doc.querystring } : {}),
    ...(doc.body ? { body: doc.body } : {}),
    response: answers,
  } as FastifySchema;
}

function answer(a: Answer): object {
  return {
    description: a.description,
    ...(a.content
      ? { content: a.content }
      : a.schema
        ? { content: { 'application/json': { schema: a.schema } } }
        : {}),
    ...(a.headers ? { headers: a.headers } : {}),
  };
}

/** The path parameters, all strings, each described. */
export function pathParams(params: Record<string, string>) {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(params).map(([name, description]) => [name, { type: 'string', description }]),
    ),
    required: Object.keys(params),
  };
}

/** Every error leaves as this (error-handler.ts); a partly refused batch adds `rejected`. */
export const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

export const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR } },
});

/** Routes that read the workspace definitions answer 409 when none are loaded. */
export const NO_WORKSPACE = { 409: 'No workspace definitions loaded (`no_workspace`)' };

export const time = { type: ['string', 'null'], format: 'date-time' };

/** A page of `item`s and the cursor of the next. */
export const page = (item: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, next: { type: ['string', 'null'] } },
});

export const html = (description: string): Answer => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

/**
 * What every admin route has (server.ts adds it in the admin scope): the admin key, the tag, no
 * query parameters unless declared, and the 400 and 401 answers.
 */
export function adminRouteSchema(schema: FastifySchema | undefined): FastifySchema {
  const own = (schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
  return {
    tags: ['admin'],
    security: [{ adminKey: [] }],
    ...own,
    querystring: own.querystring ?? NO_QUERY,
    response: {
      400: errorAnswer('Invalid request: the message names each field or parameter at fault'),
      401: errorAnswer('Missing or wrong admin key'),
      ...own.response,
    },
  } as FastifySchema;
}
