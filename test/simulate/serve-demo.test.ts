import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { DEMO_OUTBOX_COPIES, simulateDemo } from '../../src/cli/commands/serve-demo.js';
import { readSettings, type Settings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { startCairn } from '../../src/runtime/cairn.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';
import { EXAMPLE } from './sim-fixtures.js';

for (const dialect of selectedDialects()) {
  describe(`serve --demo (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-demo-'));
    let settings: Settings;
    let drop: (() => Promise<void>) | null = null;
    const saved = { ...process.env };
    before(async () => {
      const env: NodeJS.ProcessEnv = { CAIRN_OUTBOX_DIR: join(dir, 'outbox') };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        drop = db.drop;
        env.DATABASE_URL = db.url;
      }
      settings = readSettings({ config: EXAMPLE, db: join(dir, 'demo.db'), port: '0' }, env);
      Object.assign(process.env, { CAIRN_DEMO_USERS: '12', CAIRN_DEMO_DAYS: '3' });
    });
    after(async () => {
      process.env = saved;
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    const health = async () => {
      const cairn = await startCairn(settings, pino({ level: 'silent' }), new FakeClock(), {
        manualTime: true,
      });
      try {
        const res = await cairn.app.inject({ method: 'GET', url: '/api/health' });
        return { body: res.json(), events: await cairn.store.countEvents() };
      } finally {
        await cairn.close();
      }
    };

    it('gives an empty database a simulated history, marked as demo data in /api/health', async () => {
      await simulateDemo(settings, pino({ level: 'silent' }));
      const { body, events } = await health();
      assert.ok(events > 0);
      assert.equal(body.demo.seed, 'demo');
      assert.equal(body.demo.days, 3);
      assert.ok(body.demo.users > 0 && body.demo.users <= 12);
      assert.match(body.demo.start, /^\d{4}-\d\d-\d\dT/);
      // The in-memory channel took the emails; the latest are in the outbox for the README's walk.
      const files = readdirSync(settings.outboxDir).filter((f) => f.endsWith('.eml'));
      assert.ok(files.length > 0 && files.length <= DEMO_OUTBOX_COPIES);
    });

    it('never simulates twice into the same database', async () => {
      const before = (await health()).events;
      await simulateDemo(settings, pino({ level: 'silent' }));
      assert.equal((await health()).events, before);
    });
  });
}
