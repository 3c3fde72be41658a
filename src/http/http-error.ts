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

/** A route that reads the workspace definitions, on a server started without any. */
export const noWorkspace = () =>
  new HttpError(
    409,
    'no_workspace',
    'no workspace definitions loaded (start with --config cairn.yaml)',
  );
