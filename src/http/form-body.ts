import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Form fields by name; a repeated field (a group of checkboxes) keeps every value in order. */
export type FormFields = Record<string, string[]>;

/** These forms hold a few checkboxes; a larger body is not one of them. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Lets the routes of one plugin read HTML forms: `application/x-www-form-urlencoded` (browsers)
 * and `multipart/form-data`, which RFC 8058 also allows for the one-click unsubscribe POST. Added
 * inside the plugin, the parsers apply to its routes only.
 */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => done(null, parseUrlEncoded(body as string)),
  );
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (request, body, done) => done(null, parseMultipart(request, body as string)),
  );
}

/** The body's fields; an empty object for a POST without a form body. */
export function formFields(request: FastifyRequest): FormFields {
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FormFields) : {};
}

function parseUrlEncoded(body: string): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of new URLSearchParams(body)) (fields[name] ??= []).push(value);
  return fields;
}

/** Enough of RFC 7578 for short text fields: each part's name and its value. */
function parseMultipart(request: FastifyRequest, body: string): FormFields {
  const fields: FormFields = {};
  const type = request.headers['content-type'] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return fields;
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const end = part.indexOf('\r\n\r\n');
    if (end === -1) continue;
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, end))?.[1];
    if (name === undefined) continue;
    (fields[name] ??= []).push(part.slice(end + 4).replace(/\r\n$/, ''));
  }
  return fields;
}
