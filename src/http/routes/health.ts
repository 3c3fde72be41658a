import type { FastifyInstance } from 'fastify';
import { DEMO_SETTING } from '../../simulate/demo-marker.js';
import type { ServerDeps } from '../server.js';
import { routeSchema } from '../route-schema.js';

const SCHEMA = routeSchema({
  tags: ['admin'],
  summary:
    'Liveness and store reachability (no key needed); `demo` describes a simulated demo history (`serve --demo`), else false',
  ok: {
    description: 'The store answers',
    schema: {
      type: 'object',
      properties: {
        status: { const: 'ok' },
        version: { type: 'string' },
        store: { enum: ['sqlite', 'postgres'] },
        queuedEvents: { type: 'integer' },
        time: { type: 'string', format: 'date-time' },
        demo: { type: ['object', 'boolean'] },
      },
    },
  },
  answers: {
    503: {
      description: 'Store unreachable',
      schema: {
        type: 'object',
        properties: { status: { const: 'unavailable' }, error: { type: 'string' } },
      },
    },
  },
});

/** Open to load balancers and probes: it says whether the store answers, and nothing private. */
export async function healthRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  app.get('/api/health', { schema: SCHEMA }, async (_request, reply) => {
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
