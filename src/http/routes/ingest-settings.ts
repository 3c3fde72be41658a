import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../http-error.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';

const SCHEMA = routeSchema({
  tags: ['ingest'],
  summary: 'The settings analytics.js 2.0 loads from its cdnURL: deliver to this Cairn',
  params: { writeKey: 'the write key (the public one a page holds)' },
  ok: {
    description: 'analytics.js settings (cached 5 minutes)',
    schema: {
      type: 'object',
      properties: { integrations: { type: 'object' }, plan: { type: 'object' } },
    },
  },
  errors: { 404: 'Not a public write key' },
});

/**
 * `GET /v1/projects/:writeKey/settings`: what analytics.js 2.0 (`@segment/analytics-next`)
 * fetches from its `cdnURL` before it sends anything. The only destination is Cairn itself, as
 * the `Segment.io` integration whose `apiHost` and `protocol` are the address the page reached
 * Cairn at (the Host header and scheme of this request), so `cdnURL: <cairn>` is the only option
 * a page needs. Remote metrics are off (`sampleRate: 0`): Cairn has no `/m` endpoint.
 * The key in the path is the public write key a browser already holds; any other key is a 404
 * (the server key never belongs in a page).
 */
export async function ingestSettingsRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get('/v1/projects/:writeKey/settings', { schema: SCHEMA }, async (request, reply) => {
    const { writeKey } = request.params as { writeKey: string };
    if ((await deps.keys.writeScope(writeKey)) !== 'public') {
      throw notFound('project (no such public write key)');
    }
    // Settings change only with the deployment; a page load can reuse them for a few minutes.
    reply.header('cache-control', 'public, max-age=300');
    return analyticsSettings(writeKey, request);
  });
}

export function analyticsSettings(writeKey: string, request: FastifyRequest) {
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost: `${request.host}/v1`,
        protocol: request.protocol,
        // Cairn keeps no bundling metadata; leaving it out keeps stored contexts small.
        addBundledMetadata: false,
        unbundledIntegrations: [],
      },
    },
    plan: { track: { __default: { enabled: true, integrations: {} } } },
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}
