/**
 * What the store writes for a profile is what the profile is, also while the SQLite writer keeps
 * its documents between transactions (document-cache.ts): random histories with the example
 * workspace go through ingest, and every ten group commits the profile as stored is compared
 * with the profile the writer holds.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { loadDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore } from '../support/test-stores.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/saas/cairn.yaml', import.meta.url));
const NAMES = [
  'Signed Up',
  'Logged In',
  'Project Created',
  'Report Created',
  'Report Shared',
  'Viewed Pricing Page',
  'Advanced Feature Used',
  'Teammate Invited',
  'Data Source Connected',
];
const HOUR = 3_600_000;

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

forEachStore('stored profile documents', (getStore: () => Store) => {
  it('hold every change the writer made', async () => {
    const workspace = new Workspace(await loadDefinitions(EXAMPLE));
    const store = getStore();
    const next = random(11);
    const users = ['doc-a', 'doc-b', 'doc-c', 'doc-d'];
    let time = Date.UTC(2026, 0, 5, 9);
    for (let batch = 0; batch < 150; batch++) {
      time += Math.floor(next() * 60 * HOUR);
      const events = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => {
        const userId = users[Math.floor(next() * users.length)];
        const timestamp = time + i * 60_000;
        return next() < 0.15
          ? anEvent({ type: 'identify', userId, timestamp, traits: { role: 'pm', n: batch } })
          : anEvent({
              type: 'track',
              userId,
              timestamp,
              event: NAMES[Math.floor(next() * NAMES.length)],
              properties: { shared: next() < 0.5 },
            });
      });
      await store.transaction((tx) =>
        applyEvents(tx, events, {
          definitions: workspace.definitions,
          versions: workspace.versions,
          now: time + HOUR,
        }),
      );
      // Reading through the writer takes the documents out of its cache: only now and then.
      if (batch % 10 !== 9) continue;
      for (const id of users) {
        const stored = await store.getProfile(id);
        const held = (await store.transaction((tx) => tx.getProfiles([id]))).get(id);
        const expected = held ? JSON.parse(JSON.stringify(held)) : null;
        assert.deepEqual(stored, expected, `${id}, batch ${batch}`);
      }
    }
  });
});
