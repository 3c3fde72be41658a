import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { startCairn, type Cairn } from '../../src/runtime/cairn.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';
import { eventually } from '../support/eventually.js';

const D = 86_400_000;

const v1 = `
segments:
  active:
    when: { performed: Logged In, within: 10d }
`;
const v2 = `
segments:
  recently_active:
    when: { performed: Logged In, within: 3d }
`;

for (const dialect of selectedDialects()) {
  describe(`definitions reload (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-reload-'));
    const file = join(dir, 'cairn.yaml');
    const cleanups: (() => Promise<void>)[] = [];
    let cairn: Cairn;
    after(async () => {
      await cairn?.close();
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('swaps valid changes in, refuses invalid ones, and re-checks every user', async () => {
      writeFileSync(file, v1);
      const env: NodeJS.ProcessEnv = {
        CAIRN_WRITE_KEY: 'wk',
        CAIRN_ADMIN_KEY: 'ak',
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      }
      const settings = readSettings({ config: file, db: join(dir, 'cairn.db'), port: '0' }, env);
      const clock = new FakeClock();
      cairn = await startCairn(settings, pino({ level: 'silent' }), clock);
      const first = cairn.workspace.definitions!.version;
      const auth = { authorization: 'Bearer wk' };
      const loginAt = clock.now();
      const res = await cairn.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: auth,
        payload: { userId: 'u1', event: 'Logged In', timestamp: new Date(loginAt).toISOString() },
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await cairn.store.segmentCounts(), { active: 1 });

      writeFileSync(file, 'segments:\n  broken:\n    when: { performd: Logged In }\n');
      // An invalid change is refused: give the watcher time to see it, then check nothing moved.
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(cairn.workspace.definitions!.version, first);
      // What the file holds now is known without parsing it again (the Definitions page reads it).
      await eventually(() => cairn.workspace.fileCheck?.valid === false, 'the refusal is recorded');
      assert.match(cairn.workspace.fileCheck!.errors.join('\n'), /performd/);

      writeFileSync(file, v2);
      await eventually(
        () => cairn.workspace.definitions!.version !== first,
        'the valid change is loaded',
      );
      assert.deepEqual(cairn.workspace.fileCheck, {
        valid: true,
        version: cairn.workspace.definitions!.version,
        errors: [],
      });
      // The removed segment's memberships are gone, and every user is due for a re-check.
      await eventually(
        async () => (await cairn.store.segmentCounts()).active === undefined,
        'old memberships are dropped',
      );
      clock.set(loginAt + D);
      await cairn.sweeper.stop();
      await cairn.sweeper.sweepDue();
      assert.deepEqual(await cairn.store.segmentCounts(), { recently_active: 1 });
      // The new 3-day window ends on day 3 without any event.
      clock.set(loginAt + 3 * D);
      await cairn.sweeper.sweepDue();
      assert.deepEqual(await cairn.store.segmentCounts(), {});
    });
  });
}
