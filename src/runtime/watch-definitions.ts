import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import {
  DefinitionsError,
  loadDefinitions,
  type DefinitionIssue,
  type LoadedDefinitions,
} from '../definitions/index.js';
import type { Workspace } from './workspace.js';

/**
 * Reloads the definitions file when it changes. A valid change is swapped in; an invalid one is
 * refused with its errors logged, and the previous version keeps running. `check` may refuse a
 * change that loads (the templates it would need are missing or do not fit). The folder is watched
 * rather than the file, because editors often save by writing a new file and renaming it.
 */
export function watchDefinitions(
  file: string,
  workspace: Workspace,
  logger: FastifyBaseLogger,
  onReload?: () => void,
  check?: (loaded: LoadedDefinitions) => Promise<DefinitionIssue[]>,
): () => void {
  let pending: NodeJS.Timeout | null = null;
  const name = basename(file);
  const reload = async () => {
    try {
      const loaded = await loadDefinitions(file);
      if (loaded.version === workspace.definitions?.version) {
        workspace.fileCheck = { valid: true, version: loaded.version, errors: [] };
        return;
      }
      const problems = (await check?.(loaded)) ?? [];
      if (problems.length > 0) throw new DefinitionsError(problems);
      workspace.replace(loaded);
      logger.info({ file, version: loaded.version }, 'definitions reloaded');
      onReload?.();
    } catch (error) {
      const issues =
        error instanceof DefinitionsError ? error.message.split('\n') : [String(error)];
      workspace.fileCheck = { valid: false, errors: issues.filter(Boolean) };
      logger.error(
        { file, issues },
        'definitions change refused; the previous version keeps running',
      );
    }
  };
  let watcher: FSWatcher | null = watch(dirname(file), (_event, changed) => {
    if (changed && changed.toString() !== name) return;
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => void reload(), 100);
  });
  return () => {
    if (pending) clearTimeout(pending);
    watcher?.close();
    watcher = null;
  };
}
