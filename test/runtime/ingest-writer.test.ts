import assert from 'node:assert/strict';
import { it } from 'node:test';
import { IngestWriter } from '../../src/runtime/ingest-writer.js';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore } from '../support/test-stores.js';

/**
 * One writer, several groups in flight where the store allows it (PostgreSQL): a user's events
 * are still applied in the order they arrived, whichever group they are in.
 */
forEachStore('ingest writer', (getStore: () => Store) => {
  it('applies one user’s events in arrival order with groups in flight', async () => {
    const writer = new IngestWriter(getStore(), { concurrency: 2 });
    const submissions: Promise<unknown>[] = [];
    const sent: string[] = [];
    for (let round = 0; round < 40; round++) {
      const identify = anEvent({
        type: 'identify',
        userId: 'ordered',
        traits: { step: round },
        timestamp: Date.UTC(2026, 0, 5, 9),
      });
      sent.push(identify.messageId);
      // Other users in the same groups, so groups differ in size and locks.
      const others = Array.from({ length: round % 7 }, (_, i) =>
        anEvent({ type: 'track', userId: `other-${i}`, event: 'Logged In' }),
      );
      submissions.push(writer.submit([...others, identify]));
      // A new turn of the event loop: the next call joins the next group, not this one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(submissions);
    const profile = (await getStore().getProfile('ordered'))!;
    assert.equal(profile.traits.step, 39, 'the last identify wins');
    const stored = (await getStore().recentEvents('ordered', 100)).reverse();
    assert.deepEqual(
      stored.map((e) => e.messageId),
      sent,
      'the log holds them in arrival order',
    );
  });
});
