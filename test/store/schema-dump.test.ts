/**
 * The committed schema dumps (`src/store/<adapter>/schema.sql`) must equal the schema that the
 * migrations produce, so a migration that changes the schema shows up in review as a diff of
 * the dump. After changing a migration, regenerate them with:
 *
 *   CAIRN_UPDATE_SCHEMA_DUMP=1 node --import tsx --test test/store/schema-dump.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';

const HEADER =
  '-- The schema the migrations produce. Generated, do not edit: see test/store/schema-dump.test.ts\n\n';

/** The repository root, whether this runs from test/ under tsx or from dist/test/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test file');
    dir = parent;
  }
  return dir;
}

forEachStore('schema dump', (getStore, { dialect }) => {
  it(`equals src/store/${dialect}/schema.sql`, async () => {
    const store = getStore() as Store & { dumpSchema(): Promise<string> };
    const actual = HEADER + (await store.dumpSchema());
    const file = join(repoRoot(), 'src', 'store', dialect, 'schema.sql');
    if (process.env.CAIRN_UPDATE_SCHEMA_DUMP === '1') await writeFile(file, actual);
    const committed = existsSync(file) ? await readFile(file, 'utf8') : '';
    assert.equal(
      actual,
      committed,
      `the migrated schema differs from ${file}; regenerate it (see this test's header)`,
    );
  });
});
