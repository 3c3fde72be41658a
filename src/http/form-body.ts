import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { errorHandler } from './error-handler.js';

/** Form fields by name; a repeated field (a group of checkboxes) keeps every value in order.
 * The map has no prototype: a field named `__proto__` or `constructor` is plain data. */
export type FormFields = Record<string, string[]>;

/** These forms hold a few checkboxes; a larger body is not one of them. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Lets the routes of one plugin read HTML forms: `application/x-www-form-urlencoded` (browsers)
 * and `multipart/form-data`, which RFC 8058 also allows for the one-click unsubscribe POST.
 * Registered inside the plugin, the parsers apply to its routes only. The framework's own
 * plugins parse both: url-encoded into a map with no prototype (fast-querystring), multipart
 * with busboy, which refuses a field named after an Object.prototype member with a 400.
 */
export async function acceptForms(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // Text fields only: a file part is refused, and no part may be large.
    limits: { fields: 50, fieldSize: FORM_BODY_LIMIT, files: 0, parts: 50, headerPairs: 20 },
  });
  // busboy reports a malformed multipart body (no boundary, cut short) as a plain Error, which
  // would read as a 500: it is the sender's mistake.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.statusCode === undefined && request.isMultipart()) {
      const refused = Object.assign(new Error(`malformed multipart body: ${error.message}`), {
        statusCode: 400,
        code: 'invalid_form',
      });
      return errorHandler(refused as FastifyError, request, reply);
    }
    return errorHandler(error, request, reply);
  });
}

/** The body's fields, each as a list of strings; an empty map for a POST without a form body. */
export function formFields(request: FastifyRequest): FormFields {
  const fields = Object.create(null) as FormFields;
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fields;
  for (const name of Object.keys(body)) {
    const value = (body as Record<string, unknown>)[name];
    const values = Array.isArray(value) ? value : [value];
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length) fields[name] = strings;
  }
  return fields;
}
