/**
 * Durable commits on SQLite: a transaction resolves once a sync of the WAL that began after its
 * commit has finished; syncs are shared by the commits waiting together.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { WalSync } from '../../src/store/sqlite/wal-sync.js';
import { makeEvent } from '../support/store-fixtures.js';
import { selectedDialects } from '../support/test-stores.js';

const sqlite = selectedDialects().includes('sqlite');

describe('WalSync', { skip: !sqlite && 'SQLite not selected' }, () => {
  it('answers every waiting commit, and fails them when the file cannot be synced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-walsync-'));
    try {
      writeFileSync(join(dir, 'a.db-wal'), 'frames');
      const sync = new WalSync(join(dir, 'a.db-wal'));
      await Promise.all(Array.from({ length: 20 }, () => sync.committed()));
      await sync.close();
      const missing = new WalSync(join(dir, 'missing.db-wal'));
      await assert.rejects(missing.committed(), /ENOENT/);
      await missing.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets the next transaction run while a commit is being synced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-walsync-'));
    const store = await openStore({ file: join(dir, 'cairn.db') });
    try {
      await store.migrate();
      // Two transactions started together: the second takes the write lock as soon as the
      // first has committed, not once its sync is done, and both end durable.
      const order: string[] = [];
      const first = store.transaction(async (tx) => {
        await tx.insertEvents([makeEvent(1)]);
        order.push('first applied');
      });
      const second = store.transaction(async (tx) => {
        await tx.insertEvents([makeEvent(2)]);
        order.push('second applied');
      });
      await first;
      order.push('first durable');
      await second;
      assert.deepEqual(order, ['first applied', 'second applied', 'first durable']);
      assert.equal(await store.countEvents(), 2);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
