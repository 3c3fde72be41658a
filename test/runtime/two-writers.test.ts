import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { IngestWriter } from '../../src/runtime/ingest-writer.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore, type StoreContext } from '../support/test-stores.js';

const definitions = parseDefinitions(
  `
milestones:
  tenth_task: { event: Task Completed, times: 10 }
journeys:
  congrats:
    trigger: { milestone: tenth_task }
    steps:
      - { id: hello, send: congrats }
`,
  'two-writers.yaml',
);

/**
 * Two writers — two processes on PostgreSQL, two connections on SQLite — apply events of the same
 * users at the same time: no update is lost or doubled, and each milestone, journey entry and
 * message happens exactly once.
 */
forEachStore('two writers on one database', (getStore: () => Store, context: StoreContext) => {
  it('keeps every user exact under concurrent writers', async () => {
    const other = await context.openAnother();
    const clock = new FakeClock();
    const workspace = new Workspace(definitions);
    const writers = [getStore(), other].map(
      (store) => new IngestWriter(store, { workspace, clock }),
    );
    const users = Array.from({ length: 10 }, (_, i) => `tw-${i}`);
    const submissions: Promise<unknown>[] = [];
    for (let round = 0; round < 30; round++) {
      const batch = users.map((userId) =>
        anEvent({ type: 'track', userId, event: 'Task Completed', timestamp: clock.now() + round }),
      );
      submissions.push(writers[round % 2].submit(batch));
      // The same calls again through the other writer: duplicates must not count.
      if (round % 5 === 0) submissions.push(writers[(round + 1) % 2].submit(batch));
    }
    await Promise.all(submissions);
    for (const userId of users) {
      const profile = (await getStore().getProfile(userId))!;
      assert.equal(profile.counters['Task Completed'].count, 30, userId);
      const milestones = (await getStore().recentEvents(userId, 100)).filter(
        (e) => e.event === 'Milestone Reached',
      );
      assert.equal(milestones.length, 1, `${userId} reached the milestone once`);
      const messages = await getStore().listMessages({ profileId: userId }, { limit: 10 });
      assert.equal(messages.items.length, 1, `${userId} got one message`);
    }
  });
});
