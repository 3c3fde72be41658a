import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { selectedDialects } from '../support/test-stores.js';
import { RestartableCairn } from '../support/restartable-cairn.js';

const D = 86_400_000;

const journey = (tips: string, extra = '') => `
journeys:
  onboarding:
    trigger: { event: Signed Up }
    steps:
      - { id: welcome, send: welcome }
      - { id: pause, wait: 1d }
${extra}      - { id: tips, send: ${tips} }
`;
const v1 = journey('tips_v1');
// The second version sends other tips, after a new step.
const v2 = journey('tips_v2', '      - { id: survey, send: survey }\n');
const TEMPLATES = ['welcome', 'tips_v1', 'tips_v2', 'survey'];

for (const dialect of selectedDialects()) {
  describe(`journey versions across restarts (${dialect})`, () => {
    const server = new RestartableCairn(dialect);
    after(() => server.cleanup());
    const templatesOf = async (userId: string) =>
      (await server.cairn!.store.listMessages({ profileId: userId }, { limit: 20 })).items
        .map((m) => m.template)
        .reverse();

    it('finishes a run on the version it started on after a restart with a changed file', async () => {
      let cairn = await server.start(v1, TEMPLATES);
      await server.send('track', { userId: 'early', event: 'Signed Up' });
      const [run] = (await cairn.store.listRuns({ profileId: 'early' }, { limit: 1 })).items;
      await server.stop();

      cairn = await server.start(v2, TEMPLATES);
      assert.notEqual(
        cairn.workspace.definitions!.definitions.journeys.onboarding.steps.length,
        3,
        'the file changed',
      );
      await server.send('track', { userId: 'late', event: 'Signed Up' });
      server.clock.advance(D);
      await cairn.runs.sweepDue();
      assert.deepEqual(await templatesOf('early'), ['welcome', 'tips_v1']);
      assert.deepEqual(await templatesOf('late'), ['welcome', 'survey', 'tips_v2']);
      const [done] = (await cairn.store.listRuns({ profileId: 'early' }, { limit: 1 })).items;
      assert.equal(done.version, run.version);
      assert.equal(done.status, 'completed');
      assert.ok(!done.history.some((h) => h.outcome === 'migrated'));
    });

    it('moves a run by step id only when its version was never stored', async () => {
      const cairn = server.cairn!;
      await server.send('track', { userId: 'legacy', event: 'Signed Up' });
      const [run] = (await cairn.store.listRuns({ profileId: 'legacy' }, { limit: 1 })).items;
      // As a run started before Cairn stored versions: its version is nowhere.
      await cairn.store.transaction((tx) => tx.updateRuns([{ ...run, version: 'unknown' }]));
      server.clock.advance(D);
      await cairn.runs.sweepDue();
      const [moved] = (await cairn.store.listRuns({ profileId: 'legacy' }, { limit: 1 })).items;
      assert.equal(moved.version, run.version);
      assert.ok(moved.history.some((h) => h.outcome === 'migrated'));
      assert.deepEqual(await templatesOf('legacy'), ['welcome', 'survey', 'tips_v2']);
    });

    it('ends the runs of a journey removed from the file, whose version is still stored', async () => {
      await server.send('track', { userId: 'leaver', event: 'Signed Up' });
      await server.stop();
      const cairn = await server.start('journeys: {}\n', TEMPLATES);
      server.clock.advance(D);
      await cairn.runs.sweepDue();
      const [run] = (await cairn.store.listRuns({ profileId: 'leaver' }, { limit: 1 })).items;
      assert.equal(run.status, 'exited');
      assert.equal(run.exitReason, 'journey_removed');
      assert.deepEqual(await templatesOf('leaver'), ['welcome']);
    });
  });
}
