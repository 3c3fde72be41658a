import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliCommand } from '../support/cairn-process.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-serve-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cairn = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [...cliCommand(), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAIRN_WRITE_KEY: '', CAIRN_ADMIN_KEY: '', CAIRN_CONFIG: '', ...env },
    timeout: 60_000,
  });

describe('the first start', () => {
  it('on a port in use: says so and how to choose another, before any key is made', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const db = join(dir, 'busy.db');
    try {
      const run = cairn(['serve', '--port', String(port)], { CAIRN_DB: db });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
      assert.match(run.stderr, /--port or PORT/);
      assert.doesNotMatch(run.stdout + run.stderr, /generated keys|wk_|ak_/);
      assert.equal(existsSync(db), false, 'the database was created anyway');
    } finally {
      holder.close();
    }
  });

  it('cairn keys rotate --env prints export lines a shell can eval', () => {
    const db = join(dir, 'keys.db');
    const run = cairn(['keys', 'rotate', '--env'], { CAIRN_DB: db });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines.map((line) => line.replace(/=.*$/, '')).sort(), [
      'export CAIRN_ADMIN_KEY',
      'export CAIRN_SERVER_WRITE_KEY',
      'export CAIRN_WORKSPACE_SECRET',
      'export CAIRN_WRITE_KEY',
    ]);
    const shell = spawnSync('bash', ['-c', `eval "${run.stdout}"; echo "$CAIRN_WRITE_KEY"`], {
      encoding: 'utf8',
    });
    assert.match(shell.stdout.trim(), /^wk_[\w-]+$/);
    // Shown once: afterwards `cairn keys` says they are stored as hashes and shows no value.
    const described = cairn(['keys'], { CAIRN_DB: db });
    assert.match(described.stdout, /stored as a SHA-256 hash/);
    assert.doesNotMatch(described.stdout, new RegExp(shell.stdout.trim()));
  });
});
