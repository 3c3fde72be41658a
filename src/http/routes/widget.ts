import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { WIDGET_SCRIPT } from '../../inapp/widget/widget-script.js';
import { routeSchema } from '../route-schema.js';

const SCHEMA = routeSchema({
  tags: ['in-app'],
  summary:
    'The in-app widget script: inbox badge, panel and checklist (include with data-user and data-user-hash)',
  ok: {
    description: 'The script (cached 5 minutes, with an ETag)',
    content: { 'text/javascript': { schema: { type: 'string' } } },
  },
  answers: { 304: { description: 'Not modified (If-None-Match)' } },
});

const ETAG = `"${createHash('sha256').update(WIDGET_SCRIPT).digest('base64url').slice(0, 16)}"`;

/**
 * GET /widget.js: the in-app widget (src/inapp/widget/), for products' pages on any origin.
 * Cached briefly and revalidated by ETag, so a new Cairn version reaches pages within minutes.
 */
export async function widgetRoutes(app: FastifyInstance) {
  app.get('/widget.js', { schema: SCHEMA }, async (request, reply) => {
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', ETAG)
      // Pages that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === ETAG) return reply.status(304).send();
    return WIDGET_SCRIPT;
  });
}
