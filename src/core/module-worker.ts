import { Worker } from 'node:worker_threads';

// Loads the module in the worker; from TypeScript sources (tests, benchmarks under tsx) through
// tsx's loader, which a worker does not inherit.
const BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.url.endsWith('.ts')) {
    const { tsImport } = await import('tsx/esm/api');
    await tsImport(workerData.url, workerData.url);
  } else {
    await import(workerData.url);
  }
})();`;

/**
 * Starts a worker thread running the module `name` (without extension) next to `base`, the
 * caller's `import.meta.url`, whether Cairn runs compiled or from its TypeScript sources.
 * The module reads `data` from `workerData`.
 */
export function startModuleWorker(base: string, name: string, data: object): Worker {
  const extension = base.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./${name}${extension}`, base).href;
  return new Worker(BOOT, { eval: true, workerData: { ...data, url } });
}
