import type { FastifyInstance } from 'fastify';
import { setupPathOf } from './first-run.js';

/** On a start with no team member yet: the one-time link that creates the first admin. */
export function printSetupLink(app: FastifyInstance, address: string): void {
  const path = setupPathOf(app);
  const base = address.replace('://0.0.0.0', '://localhost').replace('://[::]', '://localhost');
  const lines = path
    ? [
        '',
        'No dashboard user exists yet. Open this one-time link to create the first admin:',
        `  ${base}${path}`,
        'or add one with `cairn users add EMAIL --role admin`.',
        '',
      ]
    : ['', `Dashboard: ${base}/`, ''];
  process.stderr.write(lines.join('\n') + '\n');
}
