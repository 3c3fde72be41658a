import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject, StoredEvent } from '../../src/core/types.js';
import { packedProperties, unpackEvent } from '../../src/store/event-rows.js';

const T = 1_796_678_775_218;

function event(messageId: string, properties: JsonObject, source = 'internal'): StoredEvent {
  return {
    seq: 1,
    messageId,
    type: 'track',
    event: 'Stage Changed',
    profileId: 'user-1',
    userId: 'user-1',
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: T,
    originalTimestamp: null,
    sentAt: null,
    receivedAt: T,
    properties,
    traits: {},
    context: {},
    source: source as StoredEvent['source'],
  };
}

/** What the log hands back: the packed properties through JSON, then unpacked. */
function roundTrip(e: StoredEvent): { stored: JsonObject; read: StoredEvent } {
  const stored = JSON.parse(JSON.stringify(packedProperties(e))) as JsonObject;
  return { stored, read: unpackEvent({ ...e, properties: structuredClone(stored) }) };
}

const changed = {
  kind: 'lifecycle',
  from: null,
  to: 'new',
  rule: 7,
  reason: { rule: 'lifecycle[7]', cause: { type: 'event', messageId: 'new-0' } },
};

describe('event rows', () => {
  it("keeps a state change's reason as [rule] when its cause is the event its id derives from", () => {
    const e = event('new-0/3', changed);
    const { stored, read } = roundTrip(e);
    assert.deepEqual(stored.reason, ['lifecycle[7]']);
    assert.equal(JSON.stringify(read), JSON.stringify(e));
    assert.ok(JSON.stringify(stored).length < JSON.stringify(changed).length - 40);
  });

  it('keeps every other reason as it is', () => {
    const others: [string, JsonObject][] = [
      ['new-0/3', { ...changed, reason: { rule: 'x', cause: { type: 'tick', at: T } } }],
      ['other/3', changed],
      ['new-0', changed],
      [
        'new-0/3',
        { ...changed, reason: { cause: { type: 'event', messageId: 'new-0' }, rule: 'x' } },
      ],
      [
        'new-0/3',
        {
          ...changed,
          reason: { rule: 'x', cause: { type: 'event', messageId: 'new-0' }, more: 1 },
        },
      ],
    ];
    for (const [id, properties] of others) {
      const { stored, read } = roundTrip(event(id, properties));
      assert.deepEqual(stored, properties);
      assert.deepEqual(read.properties, properties);
    }
  });

  it('leaves received events alone, and never reads a given one-item reason as packed', () => {
    const api = event('new-0/3', changed, 'api');
    assert.equal(packedProperties(api), api.properties);
    for (const reason of [['a'], [5], [['a']]]) {
      const e = event('new-0/3', { reason });
      assert.deepEqual(roundTrip(e).read.properties, { reason });
    }
  });

  it('reads rows written before as they were', () => {
    const e = event('new-0/3', changed);
    assert.deepEqual(unpackEvent(structuredClone(e)), e);
  });
});
