import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { segmentCalls } from '../../bench/workload.js';
import { FakeClock } from '../../src/core/clock.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { parseBatch } from '../../src/ingest/parse-batch.js';
import { readAll } from '../../src/simulate/read-all.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { bringStateUpToDate } from '../../src/runtime/derive-history.js';
import { importEvents, type ImportOptions } from '../../src/runtime/import-events.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';
import { openTestStore, selectedDialects, type TestStore } from '../support/test-stores.js';

/** 600 calls of 60 users in 12 accounts (`acct-${user % 500}`), the example workspace. */
const USERS = 60;
const calls = [...segmentCalls({ users: USERS }, 600)];
const NOW = Date.UTC(2026, 5, 1);

/** What an import leaves: every profile, every account, segment sizes, the events (any order). */
async function contents(store: Store) {
  const profiles = await readAll((page) => store.searchProfiles(page));
  const accounts = await readAll((page) => store.listAccounts(page));
  const events = [];
  for (let after = 0; ;) {
    const page = await store.readEvents(after, 1000);
    if (!page.length) break;
    for (const { seq: _seq, ...event } of page) events.push(event);
    after = page[page.length - 1].seq;
  }
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return {
    profiles: profiles.sort(byId),
    accounts: accounts.sort(byId),
    segments: await store.segmentCounts(),
    events: events.sort((a, b) => a.messageId.localeCompare(b.messageId)),
  };
}

/** The same calls, each applied in its own transaction at its own time: the reference. */
async function appliedOneByOne(store: Store, definitions: LoadedDefinitions): Promise<void> {
  const users = new Set<string>();
  for (const call of calls) {
    const { events } = parseBatch({ batch: [call] }, NOW, 'import');
    users.add(events[0].userId!);
    await store.transaction((tx) =>
      applyEvents(tx, events, { definitions, now: NOW, stateAtEventTime: true }),
    );
  }
  await bringStateUpToDate(store, definitions, users, NOW);
}

for (const dialect of selectedDialects()) {
  describe(`import in transactions of any size [${dialect}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-import-batches-'));
    const file = join(dir, 'history.ndjson');
    const opened: TestStore[] = [];
    let definitions: LoadedDefinitions;
    before(async () => {
      definitions = await loadDefinitions('examples/saas/cairn.yaml');
      writeFileSync(file, calls.map((c) => JSON.stringify(c)).join('\n'));
    });
    after(async () => {
      for (const handle of opened) await handle.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    async function imported(options: ImportOptions) {
      const handle = await openTestStore(dialect);
      opened.push(handle);
      const result = await importEvents(handle.store, file, new FakeClock(NOW), {
        ...options,
        workspace: new Workspace(definitions),
      });
      assert.equal(result.stored, calls.length);
      return contents(handle.store);
    }

    it('leaves what the same events applied one by one leave, whatever ends its transactions', async () => {
      const handle = await openTestStore(dialect);
      opened.push(handle);
      await appliedOneByOne(handle.store, definitions);
      const reference = await contents(handle.store);
      assert.equal(reference.profiles.length, USERS);
      assert.ok(
        reference.events.some((e) => e.source === 'internal'),
        'state was derived',
      );
      // One transaction; a fixed number of events each; ended by the identities they name.
      for (const options of [{}, { batchSize: 7 }, { transactionKeys: 5 }]) {
        assert.deepEqual(await imported(options), reference, JSON.stringify(options));
      }
    });
  });
}
