import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The example workspace's cairn.yaml, from the source tree (bench/) or the compiled one
 * (dist/bench/). */
export const EXAMPLE = ['../examples/saas/cairn.yaml', '../../examples/saas/cairn.yaml']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((path) => existsSync(path))!;
