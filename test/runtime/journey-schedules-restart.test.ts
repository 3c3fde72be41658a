import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RestartableCairn } from '../support/restartable-cairn.js';
import { selectedDialects } from '../support/test-stores.js';

const H = 3_600_000;
const D = 24 * H;
const SUNDAY_NOON = Date.UTC(2026, 0, 4, 12);
const MONDAY = Date.UTC(2026, 0, 5);

const YAML = `
journeys:
  monday_tip:
    trigger: { schedule: '0 9 * * mon' }
    entry: every_time
    steps:
      - { id: tip, send: monday_tip }
`;

for (const dialect of selectedDialects()) {
  describe(`journey schedules across restarts (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    server.clock.set(SUNDAY_NOON);
    after(() => server.cleanup());
    const restart = async (at: number) => {
      await server.stop();
      server.clock.set(at);
      const cairn = await server.start(YAML, ['monday_tip']);
      await cairn.schedules.sweepDue();
      return cairn;
    };
    const tips = async () =>
      (await server.cairn!.store.listMessages({}, { limit: 50 })).items
        .map((m) => `${m.profileId} ${new Date(m.createdAt).toISOString()}`)
        .sort();
    const nextMoments = async () =>
      (await server.cairn!.store.scheduleTimers()).map((t) => new Date(t.fireAt).toISOString());

    it('hands out a moment that fell due while Cairn was down, once, after the restart', async () => {
      const cairn = await server.start(YAML, ['monday_tip']);
      await server.send('identify', { userId: 'ada', traits: { name: 'Ada' } });
      await server.send('identify', { userId: 'kei', traits: { timezone: 'Asia/Tokyo' } });
      await cairn.schedules.sweepDue();
      assert.deepEqual(await nextMoments(), [
        '2026-01-05T09:00:00.000Z',
        '2026-01-05T00:00:00.000Z',
      ]);

      // Down from Sunday noon to Monday 11:00 UTC: both zones' moments passed meanwhile.
      await restart(MONDAY + 11 * H);
      const once = ['ada 2026-01-05T11:00:00.000Z', 'kei 2026-01-05T11:00:00.000Z'];
      assert.deepEqual(await tips(), once);
      await server.cairn!.schedules.sweepDue();
      await restart(MONDAY + 12 * H);
      assert.deepEqual(await tips(), once);
      assert.deepEqual(await nextMoments(), [
        '2026-01-12T09:00:00.000Z',
        '2026-01-12T00:00:00.000Z',
      ]);
    });

    it('skips a moment missed by longer than the max event age', async () => {
      // Down until Tuesday 10:00 UTC: a day and more after both of Monday's moments.
      await restart(MONDAY + 7 * D + 34 * H);
      assert.equal((await tips()).length, 2);
      assert.deepEqual(await nextMoments(), [
        '2026-01-19T09:00:00.000Z',
        '2026-01-19T00:00:00.000Z',
      ]);
    });
  });
}
