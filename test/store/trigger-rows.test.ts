import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunTrigger } from '../../src/engine/journeys/types.js';
import {
  packPayload,
  packTrigger,
  TRIGGER_OF_RUN,
  unpackPayload,
  unpackTrigger,
} from '../../src/store/trigger-rows.js';

/** The value as a database hands it back: through JSON. */
function throughJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const T = 1_796_678_775_218;

const signedUp: RunTrigger = {
  key: 'new-600',
  name: 'Signed Up',
  properties: { projectId: 'p-259', size: 37, source: 'web' },
  timestamp: T,
  account: null,
  cause: null,
};

/** A state change caused by an event, its reason's cause the trigger's own (as the engine writes it). */
const milestone: RunTrigger = {
  key: 'new-1513/Milestone Reached/first_report_created',
  name: 'Milestone Reached',
  properties: {
    milestone: 'first_report_created',
    event: 'Report Created',
    messageId: 'new-1513',
    reachedAt: T,
    reason: {
      rule: 'milestones.first_report_created',
      cause: { type: 'event', event: 'Report Created', messageId: 'new-1513', timestamp: T },
      facts: ['"Report Created" performed 1 time'],
    },
  },
  timestamp: T,
  account: 'acme',
  cause: { event: 'Report Created', properties: { projectId: 'p-793', size: 84 } },
};

describe('trigger rows', () => {
  for (const [label, trigger] of [
    ['an event', signedUp],
    ['a state change', milestone],
  ] as const) {
    it(`reads back ${label}'s trigger word for word, shorter`, () => {
      const packed = packTrigger(structuredClone(trigger));
      assert.ok(Array.isArray(packed));
      const read = unpackTrigger(throughJson(packed));
      assert.equal(JSON.stringify(read), JSON.stringify(trigger));
      assert.ok(JSON.stringify(packed).length < JSON.stringify(trigger).length - 40);
    });
  }

  it("keeps only the messageId of a reason's cause that is the trigger's own", () => {
    const packed = packTrigger(milestone) as unknown[];
    assert.equal(packed.length, 8);
    const reason = (packed[2] as { reason: { cause: unknown } }).reason;
    assert.equal(reason.cause, 'new-1513');
    // The trigger given is left as it was.
    assert.equal(typeof (milestone.properties.reason as { cause: unknown }).cause, 'object');
  });

  it('keeps a reason whose cause is not the trigger’s own as it is', () => {
    const tick: RunTrigger = structuredClone(milestone);
    (tick.properties.reason as { cause: unknown }).cause = { type: 'tick', at: T };
    const packed = packTrigger(tick) as unknown[];
    assert.equal(packed.length, 7);
    assert.equal(JSON.stringify(unpackTrigger(throughJson(packed) as never)), JSON.stringify(tick));
  });

  it('keeps a trigger of a shape it does not foresee as it came', () => {
    const odd = { ...signedUp, extra: 1 } as unknown as RunTrigger;
    assert.equal(packTrigger(odd), odd);
    const noCause = { ...signedUp } as Partial<RunTrigger>;
    delete noCause.cause;
    assert.equal(packTrigger(noCause as RunTrigger), noCause);
  });

  it('reads triggers written before, as objects', () => {
    assert.deepEqual(unpackTrigger(throughJson(milestone)), milestone);
  });

  it("packs a message payload's trigger and keeps its other fields", () => {
    const payload = { trigger: structuredClone(milestone), to: '#alerts' } as never;
    const { full, byRun, trigger } = packPayload(payload, null);
    assert.equal(byRun, null);
    assert.equal(trigger, null);
    const stored = throughJson(full);
    assert.ok(Array.isArray((stored as { trigger: unknown }).trigger));
    assert.deepEqual(unpackPayload(stored), { trigger: milestone, to: '#alerts' });
    // Payloads without a trigger, and those written before, read as they are.
    assert.deepEqual(unpackPayload(throughJson(packPayload({ report: 'weekly' }, 'run-1').full)), {
      report: 'weekly',
    });
    assert.deepEqual(unpackPayload(throughJson({ trigger: signedUp } as never)), {
      trigger: signedUp,
    });
  });

  it("leaves the trigger to the run's row, and says what that row must hold", () => {
    const { full, byRun, trigger } = packPayload({ trigger: milestone as never, to: 'x' }, 'run-1');
    assert.deepEqual(byRun, { trigger: TRIGGER_OF_RUN, to: 'x' });
    assert.equal(trigger, JSON.stringify(full.trigger)); // as stored: see safe-json.ts
    assert.equal(trigger, JSON.stringify(packTrigger(milestone)));
  });

  it('keeps a trigger that is not an object as it is, even one that looks packed', () => {
    for (const odd of ['@run', [1, 2, 3, 4, 5, 6, 7], 42, null]) {
      const { full, byRun } = packPayload({ trigger: odd as never }, 'run-1');
      assert.equal(byRun, null);
      assert.deepEqual(unpackPayload(throughJson(full)), { trigger: odd });
    }
  });
});
