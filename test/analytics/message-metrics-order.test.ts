/**
 * The message metrics of the same messages are the same answer, to the byte, whatever order the
 * store returns the rows in (SQLite and PostgreSQL return them in different orders): the
 * overview's answer differed between the two stores only in the order of `notSent`'s states.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { messageGroups } from '../../src/analytics/message-metrics.js';
import type { MessageFactRow } from '../../src/store/analytics-store.js';
import { seeded } from './population.js';

const T = Date.UTC(2026, 2, 2, 10);
const STATES = ['sent', 'failed', 'suppressed', 'capped', 'held_out', 'queued'];

function messages(): MessageFactRow[] {
  const random = seeded(7);
  return Array.from({ length: 300 }, (_, i) => ({
    id: `m${i}`,
    journeyId: random() < 0.5 ? 'j1' : null,
    channel: random() < 0.7 ? 'email' : 'inapp',
    template: `t${Math.floor(random() * 3)}`,
    state: STATES[Math.floor(random() * STATES.length)],
    createdAt: T + Math.floor(random() * 20) * 86_400_000,
    sentAt: null,
  }));
}

const noEngagement = {
  opened: new Set<string>(),
  clicked: new Set<string>(),
  unsubscribed: new Set<string>(),
  complained: new Set<string>(),
  bounced: new Set<string>(),
};

it('message metrics do not depend on the order of the rows; states not sent in name order', () => {
  const rows = messages();
  const random = seeded(11);
  const shuffled = rows
    .map((m) => [random(), m] as const)
    .sort(([a], [b]) => a - b)
    .map(([, m]) => m);
  for (const by of ['template', 'journey', 'channel'] as const) {
    for (const period of [null, 'week'] as const) {
      const a = messageGroups(rows, noEngagement, by, period, 5);
      const b = messageGroups([...rows].reverse(), noEngagement, by, period, 5);
      const c = messageGroups(shuffled, noEngagement, by, period, 5);
      assert.equal(JSON.stringify(b), JSON.stringify(a), `${by} ${period} reversed`);
      assert.equal(JSON.stringify(c), JSON.stringify(a), `${by} ${period} shuffled`);
      for (const group of a) {
        const states = Object.keys(group.notSent);
        assert.deepEqual(states, [...states].sort());
        assert.ok(states.length > 1);
      }
    }
  }
});
