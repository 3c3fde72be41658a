import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { startCairnProcess } from '../support/cairn-process.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

/**
 * A Cairn process under load is killed with SIGKILL; after a restart every event it had
 * acknowledged is stored exactly once, and each profile counts exactly its stored events.
 */
const WRITE_KEY = 'wk_crash';
const USERS = 25;

for (const dialect of selectedDialects()) {
  describe(`crash safety (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-crash-'));
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every acknowledged event after a SIGKILL under load', async () => {
      // A journey per user on their tenth task: runs and messages must come through exact too.
      const config = join(dir, 'cairn.yaml');
      writeFileSync(
        config,
        [
          'milestones:',
          '  tenth_task: { event: Task Completed, times: 10 }',
          'journeys:',
          '  congrats:',
          '    trigger: { milestone: tenth_task }',
          '    steps:',
          '      - { id: hello, send: congrats }',
        ].join('\n'),
      );
      // A journey's template must exist, or the process refuses to start.
      mkdirSync(join(dir, 'templates'));
      writeFileSync(
        join(dir, 'templates', 'congrats.mjml.liquid'),
        '---\nsubject: Ten tasks done\n---\n<p>{{ user.counters["Task Completed"].count }} tasks completed.</p>\n',
      );
      const env: Record<string, string> = {
        CAIRN_WRITE_KEY: WRITE_KEY,
        CAIRN_ADMIN_KEY: 'ak_crash',
        CAIRN_CONFIG: config,
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      } else {
        env.CAIRN_DB = join(dir, 'crash.db');
      }

      const server = await startCairnProcess(env);
      const acknowledged: string[] = [];
      let sent = 0;
      let stop = false;
      const auth = 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64');
      const worker = async (w: number) => {
        while (!stop) {
          const batch = Array.from({ length: 50 }, (_, i) => ({
            type: 'track',
            userId: `user-${(w * 50 + i + sent) % USERS}`,
            event: 'Task Completed',
            messageId: `crash-${w}-${sent}-${i}`,
          }));
          sent += 1;
          try {
            const res = await fetch(`${server.address}/v1/batch`, {
              method: 'POST',
              headers: { authorization: auth, 'content-type': 'application/json' },
              body: JSON.stringify({ batch }),
            });
            if (res.status === 200) acknowledged.push(...batch.map((e) => e.messageId));
          } catch {
            return; // the server is gone: whatever was not acknowledged may be lost
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      // Kill once a good amount is acknowledged, with requests still in flight.
      while (acknowledged.length < 5_000) {
        assert.equal(server.child.exitCode, null, `cairn stopped early:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await server.kill();
      stop = true;
      await Promise.all(workers);
      assert.ok(sent * 50 > acknowledged.length, 'some requests were in flight at the kill');

      const restarted = await startCairnProcess(env);
      await restarted.stop();

      const store = await openStore(
        dialect === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { file: env.CAIRN_DB },
      );
      try {
        for (const id of acknowledged)
          assert.ok(await store.hasEvent(id), `acknowledged event ${id} lost`);
        const stored = await store.countEvents();
        const internal = (await store.readEvents(0, 1_000_000)).filter(
          (e) => e.source === 'internal',
        ).length;
        assert.ok(stored >= acknowledged.length);
        let counted = 0;
        for (let u = 0; u < USERS; u++) {
          const profile = await store.getProfile(`user-${u}`);
          counted += profile?.counters['Task Completed']?.count ?? 0;
        }
        assert.equal(counted, stored - internal, 'profiles count exactly the stored events');
        // Every user past ten tasks entered the journey once and has exactly one message.
        for (let u = 0; u < USERS; u++) {
          const runs = await store.listRuns({ profileId: `user-${u}` }, { limit: 10 });
          const messages = await store.listMessages({ profileId: `user-${u}` }, { limit: 10 });
          const tasks =
            (await store.getProfile(`user-${u}`))?.counters['Task Completed']?.count ?? 0;
          const expected = tasks >= 10 ? 1 : 0;
          assert.equal(runs.items.length, expected, `user-${u} runs`);
          assert.equal(messages.items.length, expected, `user-${u} messages`);
        }
      } finally {
        await store.close();
      }
    });
  });
}
