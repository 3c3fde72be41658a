/**
 * Bounded disk under load (issue #11, item 11): under continuous reads and writes the SQLite WAL
 * stays near its configured limit, and once the store is idle it is truncated to nothing.
 * Before, PASSIVE checkpoints never caught up, SQLite never rewound the WAL, and it grew to
 * 7.3 GB; it also stayed that size while idle.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IngestWriter } from '../../src/runtime/ingest-writer.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { anEvent } from '../support/events.js';
import { selectedDialects } from '../support/test-stores.js';

const sqlite = selectedDialects().includes('sqlite');
const MB = 1024 * 1024;
const LIMIT = 1 * MB;

function walSize(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

describe('SQLite WAL under sustained load', { skip: !sqlite && 'SQLite not selected' }, () => {
  it('stays near the limit while reads and writes go on, and is truncated when idle', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-wal-'));
    const file = join(dir, 'cairn.db');
    const store = SqliteStore.open({
      file,
      walLimitBytes: LIMIT,
      checkpointPolicy: { idleMs: 200 },
    });
    await store.migrate();
    const writer = new IngestWriter(store);
    let largest = 0;
    let writing = true;
    // Readers that never stop while the writes go on, as the admin API and sweeps read.
    const reads = (async () => {
      let n = 0;
      while (writing) {
        await store.getProfile(`user-${n++ % 2000}`);
        await store.searchProfiles({ limit: 20, query: 'user-1' });
        largest = Math.max(largest, walSize(file));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      for (let round = 0; round < 100; round++) {
        const submitted = [];
        for (let r = 0; r < 4; r++) {
          const events = Array.from({ length: 50 }, (_, i) =>
            anEvent({
              type: 'identify',
              userId: `user-${(round * 200 + r * 50 + i) % 2000}`,
              traits: { round, note: 'x'.repeat(200) },
            }),
          );
          submitted.push(writer.submit(events));
        }
        await Promise.all(submitted);
        largest = Math.max(largest, walSize(file));
      }
    } finally {
      writing = false;
      await reads;
    }
    assert.ok(largest > LIMIT, `the load passed the limit (largest WAL ${largest} bytes)`);
    // The limit, plus what is committed while one checkpoint runs.
    assert.ok(largest < 4 * LIMIT, `the WAL stayed bounded: largest ${largest} bytes`);

    // Idle: the WAL is truncated, the data all in the database file.
    for (let i = 0; i < 300 && walSize(file) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(walSize(file), 0, 'the WAL is truncated once the store is idle');
    assert.equal(await store.countEvents(), 100 * 200);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
