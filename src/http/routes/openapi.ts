import type { FastifyInstance } from 'fastify';
import { openapiDocument } from '../openapi-document.js';

export async function openapiRoutes(app: FastifyInstance) {
  app.get('/api/openapi.json', async () => openapiDocument);
}
