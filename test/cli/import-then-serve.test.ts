import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { cliCommand, startCairnProcess } from '../support/cairn-process.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';
import { HISTORY_YAML, history, TEMPLATES } from '../runtime/history-fixtures.js';

/** The parts of the admin API's answers read here. */
interface Answer {
  items: unknown[];
  activation: { status: string };
  milestones: Record<string, unknown>;
}

/**
 * The flow the docs describe, with the real CLI: `cairn import FILE` with no config, then
 * `cairn serve --config …`. The start must not re-check every user into celebrations of
 * milestones reached weeks ago, and must derive the state the history implies.
 */
for (const dialect of selectedDialects()) {
  describe(`cairn import, then cairn serve --config (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-import-serve-'));
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends nothing and starts no journey for imported history', async () => {
      const config = join(dir, 'cairn.yaml');
      writeFileSync(config, HISTORY_YAML);
      mkdirSync(join(dir, 'templates'));
      for (const name of TEMPLATES) {
        writeFileSync(
          join(dir, 'templates', `${name}.mjml.liquid`),
          `---\nsubject: ${name}\n---\n<p>${name}</p>\n`,
        );
      }
      const file = join(dir, 'history.ndjson');
      writeFileSync(
        file,
        history(Date.now())
          .map((e) => JSON.stringify(e))
          .join('\n'),
      );
      const outbox = join(dir, 'outbox');
      const env: Record<string, string> = {
        CAIRN_WRITE_KEY: 'wk_hist',
        CAIRN_ADMIN_KEY: 'ak_hist',
        CAIRN_OUTBOX_DIR: outbox,
        SMTP_URL: '',
        CAIRN_CONFIG: '',
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      } else {
        env.CAIRN_DB = join(dir, 'cairn.db');
        env.DATABASE_URL = '';
      }
      const imported = spawnSync(process.execPath, [...cliCommand(), 'import', file], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /imported 12 events/);

      const serve = await startCairnProcess(env, ['--config', config]);
      cleanups.unshift(() => serve.stop());
      const api = async (path: string) => {
        const response = await fetch(`${serve.address}${path}`, {
          headers: { authorization: 'Bearer ak_hist' },
        });
        assert.equal(response.status, 200, path);
        return (await response.json()) as Answer;
      };
      // Past several passes of every loop (each looks at least once a second).
      await sleep(4000);
      assert.deepEqual((await api('/api/messages')).items, []);
      for (const user of ['dana', 'lee', 'fay']) {
        assert.deepEqual((await api(`/api/users/${user}/journeys`)).items, [], user);
      }
      assert.deepEqual(existsSync(outbox) ? readdirSync(outbox) : [], []);
      const dana = await api('/api/users/dana/state');
      assert.equal(dana.activation.status, 'activated');
      assert.deepEqual(Object.keys(dana.milestones).sort(), ['report_created', 'report_shared']);
      assert.equal((await api('/api/users/lee/state')).activation.status, 'missed');
      assert.match(serve.output(), /state derived from history; no messages/);
    });
  });
}
