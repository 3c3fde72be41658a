import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RestartableCairn } from '../support/restartable-cairn.js';
import { selectedDialects } from '../support/test-stores.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);

// A segment entered on a state timer starts a journey that waits, then sends: three kinds of
// due work (state check, journey timer, delivery) chained by one call.
const YAML = `
segments:
  quiet_day:
    when:
      all:
        - { signed_up: { older_than: 24h } }
        - { not: { performed: Logged In } }
journeys:
  nudge:
    trigger: { segment_entered: quiet_day }
    steps:
      - { id: pause, wait: 2h }
      - { id: nudge, send: nudge }
`;

for (const dialect of selectedDialects()) {
  describe(`runDueWork (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    server.clock.set(T0);
    after(() => server.cleanup());

    it('does the state check, the journey timer and the delivery due by then, at that time', async () => {
      const cairn = await server.start(YAML, ['nudge']);
      await server.send('identify', { userId: 'ada', traits: { email: 'ada@example.com' } });
      await server.send('track', { userId: 'ada', event: 'Signed Up' });
      await cairn.writer.flush();

      const early = await cairn.runDueWork(T0 + 23 * H);
      assert.equal(early.done, 0);
      assert.equal(early.next, T0 + 24 * H, 'the state timer is the next due item');
      assert.equal(server.clock.now(), T0 + 23 * H);

      // Past the state timer but before the wait ends: the run is waiting.
      const entered = await cairn.runDueWork(T0 + 25 * H);
      assert.ok(entered.done >= 1);
      assert.equal(entered.next, T0 + 27 * H, 'the run wakes 2 h after it started');
      const runs = await cairn.store.listRuns({ journeyId: 'nudge' }, { limit: 10 });
      assert.equal(runs.items.length, 1);
      assert.equal(runs.items[0]!.enteredAt, T0 + 25 * H, 'the timer fired at the call’s time');

      const sent = await cairn.runDueWork(T0 + 30 * H);
      assert.ok(sent.done >= 2, 'the run woke and its message was delivered');
      const messages = (await cairn.store.listMessages({}, { limit: 10 })).items;
      assert.deepEqual(
        messages.map((m) => [m.template, m.state, m.createdAt, m.sentAt]),
        [['nudge', 'sent', T0 + 30 * H, T0 + 30 * H]],
      );
      assert.equal(sent.next, null, 'nothing else is due, ever');
      assert.deepEqual(await cairn.runDueWork(T0 + 40 * H), { done: 0, next: null });
    });

    it('never moves the clock back', async () => {
      const cairn = server.cairn!;
      const now = server.clock.now();
      await cairn.runDueWork(now - 5 * H);
      assert.equal(server.clock.now(), now);
    });
  });
}
