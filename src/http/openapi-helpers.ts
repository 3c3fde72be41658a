/** Building blocks of the OpenAPI document (openapi-document.ts and its per-area parts). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object) => ({ content: { 'application/json': { schema } } });
export const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });

export const idParam = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
export const queryParam = (
  name: string,
  description: string,
  schema: object = { type: 'string' },
) => ({ name, in: 'query', description, schema });
export const pageParams = [
  {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
  {
    name: 'after',
    in: 'query',
    description: 'Cursor from the previous page',
    schema: { type: 'string' },
  },
];

/** A GET of the admin API (Bearer admin key). */
export const admin = (summary: string, schema: object, parameters: object[] = []) => ({
  get: {
    tags: ['admin'],
    summary,
    security: [{ adminKey: [] }],
    parameters,
    responses: {
      200: { description: 'OK', ...json(schema) },
      400: errorResponse('Invalid parameter'),
      401: errorResponse('Missing or wrong admin key'),
      404: errorResponse('Not found'),
    },
  },
});

/**
 * A POST of the admin API (Bearer admin key): `ok` is the 200 response, `errors` the statuses
 * it may answer besides 401, each with its description.
 */
export const adminPost = (route: {
  summary: string;
  parameters: object[];
  requestBody?: object;
  ok: { description: string; schema: object };
  errors: Record<number, string>;
}) => ({
  post: {
    tags: ['admin'],
    summary: route.summary,
    security: [{ adminKey: [] }],
    parameters: route.parameters,
    ...(route.requestBody ? { requestBody: route.requestBody } : {}),
    responses: {
      200: { description: route.ok.description, ...json(route.ok.schema) },
      ...Object.fromEntries(
        Object.entries({ ...route.errors, 401: 'Missing or wrong admin key' }).map(
          ([status, description]) => [status, errorResponse(description)],
        ),
      ),
    },
  },
});

/** Routes that read the workspace definitions also answer 409 when none are loaded. */
export const needsWorkspace = (route: ReturnType<typeof admin>) => ({
  get: {
    ...route.get,
    responses: {
      ...route.get.responses,
      409: errorResponse('No workspace definitions loaded (`no_workspace`)'),
    },
  },
});

export const time = { type: ['string', 'null'], format: 'date-time' };
