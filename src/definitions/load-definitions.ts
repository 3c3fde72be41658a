import { readFile } from 'node:fs/promises';
import { DefinitionsError } from './definitions-error.js';
import { parseDefinitions, type LoadedDefinitions } from './parse-definitions.js';

/** Reads and validates a definitions file; errors name the file as it was given. */
export async function loadDefinitions(file: string): Promise<LoadedDefinitions> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : (error as Error).message;
    throw new DefinitionsError([
      { file, line: 0, column: 0, path: '', message: `cannot read: ${reason}` },
    ]);
  }
  return parseDefinitions(text, file);
}
