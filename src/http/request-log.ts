import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, once it is answered (`POST /v1/track 200`, with its status and
 * milliseconds as fields), instead of Fastify's two (received, completed) that bury the start-up
 * lines. The query string is left out: it can carry a user's id or a signed token.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = `${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`;
    const fields = { status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...fields, err: error }, line);
    else reply.log.info(fields, line);
  }
}
