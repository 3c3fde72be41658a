import type { FieldError } from '../ingest/field-error.js';

/** An error with the status and the body a client should see. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthorized = (what: string) =>
  new HttpError(401, 'unauthorized', `missing or wrong ${what}`);

export const badRequest = (fields: FieldError[]) =>
  new HttpError(
    400,
    'invalid_request',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  );

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
