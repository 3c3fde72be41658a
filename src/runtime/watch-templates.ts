import { existsSync, watch, type FSWatcher } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { formatIssue, type DefinitionIssue } from '../definitions/index.js';

/**
 * Reloads the templates when a file of the folder changes: `reload` compiles and checks the new
 * set against the definitions in force and swaps it in only if it passes; otherwise the problems
 * are logged and the previous templates keep running. A folder created after the start is not
 * watched (restart, or touch cairn.yaml: a definitions reload checks the templates too).
 */
export function watchTemplates(
  dir: string,
  logger: FastifyBaseLogger,
  reload: () => Promise<DefinitionIssue[]>,
): () => void {
  if (!existsSync(dir)) return () => {};
  let pending: NodeJS.Timeout | null = null;
  const run = async () => {
    try {
      const issues = await reload();
      if (issues.length === 0) logger.info({ dir }, 'templates reloaded');
      else
        logger.error(
          { dir, issues: issues.map(formatIssue) },
          'templates change refused; the previous templates keep running',
        );
    } catch (error) {
      logger.error(
        { dir, err: error },
        'templates reload failed; the previous templates keep running',
      );
    }
  };
  let watcher: FSWatcher | null = watch(dir, { recursive: true }, () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => void run(), 100);
  });
  return () => {
    if (pending) clearTimeout(pending);
    watcher?.close();
    watcher = null;
  };
}
