import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/types.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { importEvents } from '../../src/runtime/import-events.js';
import { storeFromSettings } from '../../src/runtime/store-from-settings.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';
import { RestartableCairn } from '../support/restartable-cairn.js';
import { decided, history, HISTORY_YAML, TEMPLATES } from './history-fixtures.js';
import { selectedDialects } from '../support/test-stores.js';
import { eventually } from '../support/eventually.js';

const H = 3_600_000;

const USERS = ['dana', 'lee', 'fay'];

/**
 * HISTORY_YAML edited while serving: a new milestone every imported user has reached, a new
 * segment they all belong to, and a wider window that takes lee back into `active_recently` — each
 * revealed by imported history only, each the trigger of a journey.
 */
const CHANGED_YAML = HISTORY_YAML.replace(
  'report_created: { event: Report Created }',
  'report_created: { event: Report Created }\n  logged_in: { event: Logged In }',
)
  .replace('within: 10d }', 'within: 40d }\n  reporters:\n    when: { performed: Report Created }')
  .concat(
    '  reporting:\n    trigger: { segment_entered: reporters }\n    steps: [{ id: r, send: active }]\n',
  );

for (const dialect of selectedDialects()) {
  describe(`import never messages (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-history-'));
    const file = join(dir, 'history.ndjson');
    const processes: RestartableCairn[] = [];
    after(async () => {
      for (const p of processes) await p.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The same history sent live, each event at its own time, to a process with the config. */
    async function ingestedLive(): Promise<Map<string, JsonObject>> {
      const live = new RestartableCairn(dialect);
      processes.push(live);
      const now = live.clock.now();
      await live.start(HISTORY_YAML, TEMPLATES);
      const calls = history(now).sort((a, b) =>
        String(a.timestamp).localeCompare(String(b.timestamp)),
      );
      for (const call of calls) {
        live.clock.set(Date.parse(String(call.timestamp)));
        const { userId, event, properties, messageId } = call;
        await live.send('track', { userId, event, properties, messageId });
        await live.cairn!.sweeper.sweepDue();
      }
      live.clock.set(now);
      await live.cairn!.sweeper.sweepDue();
      const states = new Map<string, JsonObject>();
      for (const id of USERS) states.set(id, (await live.cairn!.store.getProfile(id))!.state);
      await live.stop();
      return states;
    }

    /** Starts `serve` with the config, runs every loop, an hour later again; returns the store. */
    async function serveAndSweep(rc: RestartableCairn): Promise<Store> {
      const cairn = await rc.start(HISTORY_YAML, TEMPLATES);
      for (let pass = 0; pass < 2; pass++) {
        await cairn.sweeper.sweepDue();
        await cairn.schedules.sweepDue();
        await cairn.runs.sweepDue();
        await cairn.delivery.worker.sweepDue();
        rc.clock.advance(H);
      }
      return cairn.store;
    }

    async function assertNothingSent(store: Store, rc: RestartableCairn) {
      assert.deepEqual((await store.listMessages({}, { limit: 50 })).items, []);
      assert.deepEqual((await store.listRuns({}, { limit: 50 })).items, []);
      const outbox = join(rc.dir, 'outbox');
      assert.deepEqual(existsSync(outbox) ? readdirSync(outbox) : [], []);
    }

    for (const withConfig of [false, true]) {
      it(`imported ${withConfig ? 'with' : 'without'} --config, then served with it: no message, no run, state as of each event's time`, async () => {
        const rc = new RestartableCairn(dialect);
        processes.push(rc);
        writeFileSync(
          file,
          history(rc.clock.now())
            .map((e) => JSON.stringify(e))
            .join('\n'),
        );
        const store = await storeFromSettings(await rc.databaseSettings());
        try {
          await store.migrate();
          const workspace = withConfig
            ? new Workspace(parseDefinitions(HISTORY_YAML, 'cairn.yaml'))
            : undefined;
          const imported = await importEvents(store, file, rc.clock, { workspace });
          assert.equal(imported.stored, 12);
        } finally {
          await store.close();
        }
        const served = await serveAndSweep(rc);
        await assertNothingSent(served, rc);

        const dana = (await served.getProfile('dana'))!.state;
        assert.equal((dana.activation as JsonObject).status, 'activated');
        assert.equal(
          ((await served.getProfile('lee'))!.state.activation as JsonObject).status,
          'missed',
        );
        assert.equal(
          ((await served.getProfile('fay'))!.state.activation as JsonObject).status,
          'pending',
        );
        const reference = await ingestedLive();
        for (const id of USERS) {
          assert.deepEqual(
            decided((await served.getProfile(id))!.state),
            decided(reference.get(id)!),
            id,
          );
        }
        await rc.stop();
      });
    }

    for (const withConfig of [false, true])
      it(`imported ${withConfig ? 'with' : 'without'} --config, served, then the definitions change while serving: still nothing from history, a new event triggers`, async () => {
        const rc = new RestartableCairn(dialect);
        processes.push(rc);
        writeFileSync(
          file,
          history(rc.clock.now())
            .map((e) => JSON.stringify(e))
            .join('\n'),
        );
        const store = await storeFromSettings(await rc.databaseSettings());
        try {
          await store.migrate();
          const workspace = withConfig
            ? new Workspace(parseDefinitions(HISTORY_YAML, 'cairn.yaml'))
            : undefined;
          assert.equal((await importEvents(store, file, rc.clock, { workspace })).stored, 12);
        } finally {
          await store.close();
        }
        const served = await serveAndSweep(rc);
        await assertNothingSent(served, rc);

        const cairn = rc.cairn!;
        const before = cairn.workspace.definitions!.version;
        writeFileSync(join(rc.dir, 'cairn.yaml'), CHANGED_YAML);
        await eventually(
          async () =>
            cairn.workspace.definitions!.version !== before &&
            (await served.getSetting('definitions_version')) ===
              cairn.workspace.definitions!.version,
          'the changed definitions are loaded and every user is due for a re-check',
        );
        // A live event of no consequence from an imported user, before the sweeper re-checks her.
        await rc.send('track', { userId: 'dana', event: 'Viewed Dashboard' });
        for (let pass = 0; pass < 2; pass++) {
          await cairn.sweeper.sweepDue();
          await cairn.schedules.sweepDue();
          await cairn.runs.sweepDue();
          await cairn.delivery.worker.sweepDue();
          rc.clock.advance(H);
        }
        await assertNothingSent(served, rc);
        // The new rules did read the history: recorded as state, not acted on.
        for (const id of USERS) {
          const state = (await served.getProfile(id))!.state;
          assert.ok((state.milestones as JsonObject).logged_in, `${id} reached logged_in`);
          assert.ok((state.segments as JsonObject).reporters, `${id} is in reporters`);
        }
        assert.ok(((await served.getProfile('lee'))!.state.segments as JsonObject).active_recently);

        // A genuinely new event after the import triggers as any live event does.
        await rc.send('track', {
          userId: 'fay',
          event: 'Report Shared',
          properties: { recipient_type: 'teammate' },
        });
        const runs = (await served.listRuns({}, { limit: 50 })).items;
        assert.deepEqual(runs.map((r) => `${r.userId} ${r.journeyId}`).sort(), [
          'fay activated',
          'fay celebrate',
        ]);
        await rc.stop();
      });
  });
}
