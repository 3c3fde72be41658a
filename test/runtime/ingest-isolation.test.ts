import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { IncomingEvent, JsonObject } from '../../src/core/types.js';
import { IngestWriter } from '../../src/runtime/ingest-writer.js';
import type { Store } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore } from '../support/test-stores.js';

/** `{"a":{"a":…1}}` nested `levels` deep: past validation's limit, and deep enough that
 * JSON.stringify (which the stores use to write the event) overflows the stack on it. */
function nested(levels: number): JsonObject {
  return JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels)) as JsonObject;
}

/**
 * The writer on its own, fed what validation would refuse: an event that makes applying its
 * group commit throw for real (a stack overflow while the store serializes it). It must cost
 * only itself: the events committed with it are stored, its own request learns which of its
 * events were set aside, and each is kept as a dead letter.
 */
forEachStore('ingest writer: one event that throws', (getStore: () => Store) => {
  it('commits the rest of the group and keeps the event that threw as a dead letter', async () => {
    const store = getStore();
    const writer = new IngestWriter(store);
    const good: IncomingEvent[] = [];
    const bad: IncomingEvent[] = [];
    const requests: IncomingEvent[][] = [];
    for (let r = 0; r < 30; r++) {
      const events = Array.from({ length: 5 }, (_, i) => {
        const event = anEvent({ type: 'track', userId: `u${(r * 5 + i) % 17}`, event: 'Ok' });
        good.push(event);
        return event;
      });
      if (r % 4 === 1) {
        const poison = anEvent({ type: 'track', userId: `u${r}`, event: 'Deep' });
        poison.properties = nested(5000);
        bad.push(poison);
        events.splice(r % 5, 0, poison);
      }
      requests.push(events);
    }
    // Every request in one turn of the event loop: they share group commits.
    const results = await Promise.all(requests.map((events) => writer.submit(events)));

    results.forEach((result, r) => {
      const events = requests[r]!;
      const poisoned = events.filter((e) => bad.includes(e));
      assert.equal(result.stored, events.length - poisoned.length, `request ${r} stored`);
      assert.deepEqual(
        result.failed.map((f) => events[f.index]!.messageId),
        poisoned.map((e) => e.messageId),
        `request ${r} is told which of its events were set aside`,
      );
      for (const { deadLetter } of result.failed) assert.match(deadLetter.error, /call stack/);
    });
    assert.equal(await store.countEvents(), good.length, 'every good event stored, no bad one');
    for (const event of good) assert.ok(await store.hasEvent(event.messageId));
    for (const event of bad) assert.equal(await store.hasEvent(event.messageId), false);

    const letters = (await store.listDeadLetters({ limit: 100 })).items;
    assert.deepEqual(letters.map((l) => l.messageId).sort(), bad.map((e) => e.messageId).sort());
    // The event could not be serialized whole; its letter still says which event it was.
    const letter = JSON.parse(letters[0]!.event) as Record<string, unknown>;
    assert.equal(letter.type, 'track');
    assert.match(String(letter.note), /could not be serialized/);
  });

  it('blames no event when the store itself fails: every request gets the error', async () => {
    const store = getStore();
    let failing = true;
    const ids: string[] = [];
    const writer = new IngestWriter(store);
    // Every transaction fails while `failing`, dead letters included: the store is down.
    const original = store.transaction.bind(store);
    store.transaction = ((fn: Parameters<Store['transaction']>[0]) =>
      failing
        ? Promise.reject(new Error('connection lost'))
        : original(fn)) as Store['transaction'];
    try {
      const events = [
        anEvent({ type: 'track', userId: 'x', event: 'A' }),
        anEvent({ type: 'track', userId: 'y', event: 'B' }),
      ];
      ids.push(...events.map((e) => e.messageId));
      const submitted = events.map((event) => writer.submit([event]));
      for (const result of await Promise.allSettled(submitted)) {
        assert.equal(result.status, 'rejected');
        assert.match(String((result as PromiseRejectedResult).reason), /connection lost/);
      }
    } finally {
      failing = false;
      store.transaction = original;
    }
    const letters = (await store.listDeadLetters({ limit: 500 })).items;
    assert.ok(!letters.some((l) => ids.includes(l.messageId)), 'no event blamed');
    for (const id of ids) assert.equal(await store.hasEvent(id), false);
  });
});
