import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TemplateIssue } from './template-error.js';
import { templateSetFromFiles, type TemplateFile, type TemplateSet } from './template-set.js';

/**
 * Reads a workspace's `templates/` folder (and its `layouts/`). A missing folder is an empty
 * set: a workspace without email is valid. Problems are returned, not thrown, so
 * `cairn validate` can list them all.
 */
export async function loadTemplates(
  dir: string,
): Promise<{ set: TemplateSet; issues: TemplateIssue[] }> {
  const files: TemplateFile[] = [];
  for (const sub of ['', 'layouts']) {
    let names: string[];
    try {
      names = await readdir(join(dir, sub));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names.filter((n) => n.endsWith('.liquid'))) {
      const text = await readFile(join(dir, sub, name), 'utf8');
      files.push({ name: sub ? `${sub}/${name}` : name, text });
    }
  }
  return templateSetFromFiles(files, basename(dir));
}
