import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../server.js';

/** Open to load balancers and probes: it says whether the store answers, and nothing private. */
export async function healthRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get('/api/health', async (_request, reply) => {
    try {
      await deps.store.getSetting('write_key');
      return {
        status: 'ok',
        version: deps.version,
        store: deps.store.capabilities.dialect,
        queuedEvents: deps.writer.depth,
        time: new Date(deps.clock.now()).toISOString(),
      };
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable', error: (error as Error).message });
    }
  });
}
