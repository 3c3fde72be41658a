import type { FastifyRequest } from 'fastify';
import { badRequest } from './http-error.js';

/**
 * Refuses a path parameter or query value holding U+0000. No id Cairn stores can hold one
 * (ingest refuses it), and PostgreSQL refuses a text parameter with one outright, which would
 * turn a lookup of a nonsense id into a 500 on one store and a 404 on the other.
 */
export async function refuseNul(request: FastifyRequest): Promise<void> {
  for (const [where, values] of [
    ['path', request.params],
    ['query', request.query],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const texts = Array.isArray(value) ? value : [value];
      if (texts.some((text) => typeof text === 'string' && text.includes('\u0000')))
        throw badRequest([
          { field: name, message: `(${where}) must not contain the NUL character` },
        ]);
    }
  }
}
