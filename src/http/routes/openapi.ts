import type { FastifyInstance } from 'fastify';
import { routeSchema } from '../route-schema.js';

export async function openapiRoutes(app: FastifyInstance) {
  app.get(
    '/api/openapi.json',
    {
      schema: routeSchema({
        tags: ['admin'],
        summary: 'This document, generated from the routes (no key needed)',
        ok: { description: 'OpenAPI 3.1', schema: { type: 'object' } },
      }),
    },
    async () => app.swagger(),
  );
}
