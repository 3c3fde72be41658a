import type { FastifyInstance } from 'fastify';

/**
 * Segment-spec clients all send JSON but label it differently: `application/json`
 * (analytics-node), `text/plain` (analytics.js, whose fetch and sendBeacon avoid a preflight
 * that way), `application/x-www-form-urlencoded` (RudderStack's Node SDK), or nothing. Inside
 * the ingest plugin every body is read as JSON whatever its label; the gzip/deflate decoding in
 * server.ts runs before this. A body that is not JSON is a 400 `invalid_json`.
 */
export function acceptJsonWhateverTheLabel(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
}
