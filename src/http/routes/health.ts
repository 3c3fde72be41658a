import type { FastifyInstance } from 'fastify';
import { DEMO_SETTING } from '../../simulate/demo-marker.js';
import type { ServerDeps } from '../server.js';

/** Open to load balancers and probes: it says whether the store answers, and nothing private. */
export async function healthRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get('/api/health', async (_request, reply) => {
    try {
      await deps.store.getSetting('write_key');
      // A database given a simulated history by `serve --demo` says so.
      const demo = await deps.store.getSetting(DEMO_SETTING);
      return {
        status: 'ok',
        version: deps.version,
        store: deps.store.capabilities.dialect,
        queuedEvents: deps.writer.depth,
        time: new Date(deps.clock.now()).toISOString(),
        demo: demo ? (JSON.parse(demo) as Record<string, unknown>) : false,
      };
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable', error: (error as Error).message });
    }
  });
}
