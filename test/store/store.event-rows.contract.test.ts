/**
 * The store contract, continued: what the event log keeps of internal events (migration 024's
 * engagement index, event-rows.ts's packed reasons) reads back as it was written.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonObject } from '../../src/core/types.js';
import type { EventToInsert } from '../../src/store/store.js';
import { anEvent } from '../support/events.js';
import { forEachStore } from '../support/test-stores.js';

const T = Date.UTC(2026, 2, 2, 10);

function internal(messageId: string, event: string, properties: JsonObject): EventToInsert {
  return {
    ...anEvent({ type: 'track', event, userId: 'u1', messageId, timestamp: T, source: 'internal' }),
    properties,
    profileId: 'u1',
  };
}

forEachStore('store contract: internal events in the log', (getStore, context) => {
  it('answers the message metrics from the internal events that name a message, and only those', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.insertEvents([
        internal('o-1', 'Email Opened', { message: 'm-1', template: 'welcome' }),
        internal('o-2', 'Email Opened', { message: 'm-2' }),
        internal('c-1', 'Email Clicked', { message: 'm-1', url: 'https://x.example/' }),
        // No message, or not one named by text: not an engagement the metrics count.
        internal('o-3', 'Email Opened', {}),
        internal('o-4', 'Email Opened', { message: 7 }),
        // A received event of the same name is the user's own, not Cairn's record.
        {
          ...anEvent({ type: 'track', event: 'Email Opened', userId: 'u1', messageId: 'r-1' }),
          properties: { message: 'm-9' },
          profileId: 'u1',
        },
        internal('s-1/0', 'Stage Changed', { kind: 'lifecycle', to: 'new' }),
      ]),
    );
    const rows = (names: string[]) =>
      store.analytics
        .messageEngagement(names)
        .then((r) => r.map((e) => `${e.name} ${e.message}`).sort());
    assert.deepEqual(await rows(['Email Opened']), ['Email Opened m-1', 'Email Opened m-2']);
    assert.deepEqual(await rows(['Email Opened', 'Email Clicked', 'Stage Changed']), [
      'Email Clicked m-1',
      'Email Opened m-1',
      'Email Opened m-2',
    ]);
  });

  it("reads back a state change's reason, packed or not, and any other internal event's", async () => {
    const store = getStore();
    const written = [
      internal('new-7/0', 'Stage Changed', {
        kind: 'lifecycle',
        from: null,
        to: 'new',
        reason: { rule: 'lifecycle[7]', cause: { type: 'event', messageId: 'new-7' } },
      }),
      internal('new-7/1', 'Milestone Reached', {
        milestone: 'm',
        reason: { rule: 'milestones.m', cause: { type: 'tick', at: T } },
      }),
      internal('new-7/2', 'Segment Entered', {
        segment: 's',
        reason: { rule: 'segments.s', cause: { type: 'event', messageId: 'other' } },
      }),
      internal('email-bounced:m-1', 'Email Bounced', { message: 'm-1', reason: ['given'] }),
    ];
    await store.transaction((tx) => tx.insertEvents(written));
    const read = new Map((await store.recentEvents('u1', 100)).map((e) => [e.messageId, e]));
    for (const e of written) {
      assert.deepEqual(read.get(e.messageId)?.properties, e.properties, e.messageId);
    }
    const log = await store.readEvents(0, 100);
    const packed = log.find((e) => e.messageId === 'new-7/0');
    assert.deepEqual(packed?.properties, written[0].properties);
    // As stored: only the first reason is packed (its cause is the event its id derives from).
    const rows = (await context.rawRows()).split('\n').filter((r) => r.startsWith('events:'));
    const withPacked = rows.filter((r) => /\\?"reason\\?": ?\[\\?"/.test(r));
    assert.equal(withPacked.length, 1);
    assert.match(withPacked[0], /new-7\/0/);
  });
});
