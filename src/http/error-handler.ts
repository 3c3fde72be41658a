import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { QueueFullError } from '../runtime/ingest-writer.js';
import { HttpError } from './http-error.js';

/** Every error leaves as `{ error: { code, message, fields? } }` with a fitting status. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpError) {
    if (error.headers) reply.headers(error.headers);
    return reply.status(error.statusCode).send({
      error: { code: error.code, message: error.message, fields: error.fields },
    });
  }
  if (error.validation) {
    // A route schema refused the request (today: a query parameter the route does not take).
    const fields = error.validation.map((issue) => {
      const unknown = (issue.params as { additionalProperty?: string }).additionalProperty;
      if (unknown !== undefined)
        return { field: unknown, message: `unknown ${where(error)} parameter; ${takes(request)}` };
      const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return { field: field || where(error), message: issue.message ?? 'invalid' };
    });
    return reply.status(400).send({
      error: {
        code: 'invalid_request',
        message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
        fields,
      },
    });
  }
  if (error instanceof QueueFullError) {
    return reply
      .status(429)
      .header('retry-after', String(error.retryAfterSeconds))
      .send({ error: { code: 'overloaded', message: 'too many events queued; retry later' } });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(400).send({
      error: { code: 'too_large', message: `request body exceeds ${limitOf(request)}` },
    });
  }
  if (
    error instanceof SyntaxError ||
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return reply
      .status(400)
      .send({ error: { code: 'invalid_json', message: `malformed JSON: ${error.message}` } });
  }
  if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR') {
    return reply.status(400).send({
      error: { code: 'invalid_encoding', message: 'body is not valid gzip/deflate data' },
    });
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    return reply
      .status(status)
      .send({ error: { code: error.code ?? 'bad_request', message: error.message } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .status(500)
    .send({ error: { code: 'internal', message: 'internal error; the request can be retried' } });
}

function where(error: FastifyError): string {
  return error.validationContext === 'querystring'
    ? 'query'
    : (error.validationContext ?? 'request');
}

/** The query parameters the route declares, for the message of one it does not. */
function takes(request: FastifyRequest): string {
  const schema = request.routeOptions.schema?.querystring as
    { properties?: Record<string, unknown> } | undefined;
  const names = Object.keys(schema?.properties ?? {});
  return names.length ? `this route takes ${names.join(', ')}` : 'this route takes none';
}

function limitOf(request: FastifyRequest): string {
  return request.url.startsWith('/v1/batch') ? 'the 500 KB batch limit' : 'the 32 KB event limit';
}
