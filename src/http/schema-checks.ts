import type { FastifyInstance, FastifySchema } from 'fastify';

/**
 * What Fastify itself checks of a request against the route's schema: only the query parameters
 * a route declares with `additionalProperties: false` (queryParams, query-schema.ts) — any other
 * is a 400 naming it (error-handler.ts words it). Nothing else is checked, coerced or defaulted
 * here: each handler reads its parameters and body with its own checks (query-string.ts,
 * paging.ts, ingest/validate-event.ts …), whose messages say what is expected, so a type written
 * in a schema to document a value never changes what is accepted. Answers are sent as
 * `JSON.stringify` makes them: a response schema documents, it never drops a field.
 */
export function documentOnlySchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'querystring' ? onlyDeclared(schema) : () => true,
  );
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

interface Issue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: { additionalProperty: string };
  message: string;
}

function onlyDeclared(schema: FastifySchema) {
  const query = schema as { properties?: Record<string, unknown>; additionalProperties?: unknown };
  if (query.additionalProperties !== false) return () => true;
  const declared = new Set(Object.keys(query.properties ?? {}));
  // Fastify reads a failed check's issues from the function's `errors`, as Ajv leaves them.
  const check = Object.assign(
    (value: unknown): boolean => {
      for (const name of Object.keys((value ?? {}) as object)) {
        if (declared.has(name)) continue;
        check.errors = [
          {
            instancePath: '',
            schemaPath: '#/additionalProperties',
            keyword: 'additionalProperties',
            params: { additionalProperty: name },
            message: 'must NOT have additional properties',
          },
        ];
        return false;
      }
      check.errors = null;
      return true;
    },
    { errors: null as Issue[] | null },
  );
  return check;
}
