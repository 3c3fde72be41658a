import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { cliCommand, startCairnProcess, type CairnProcess } from '../support/cairn-process.js';

const run = promisify(execFile);

/** `NAME=value` lines of a command's output, as `eval` or a `.env` file would read them. */
function assignments(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/^(CAIRN_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
  );
}

/**
 * What a newcomer sees: the first start prints the keys it made (and only those), truthfully;
 * `cairn keys` says what exists without printing stored keys; `cairn keys rotate` prints new
 * ones once, and a running Cairn takes them without a restart.
 */
describe('keys on the command line (SQLite)', () => {
  let dir: string;
  let db: string;
  let cairn: CairnProcess;
  const env = () => ({ CAIRN_DB: db, CAIRN_OUTBOX_DIR: join(dir, 'outbox') });
  const cli = async (...args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [...cliCommand(), ...args], {
      env: { ...process.env, ...env() },
    });
    return { stdout, stderr };
  };
  const post = (key: string, path: string, body: object) =>
    fetch(`${cairn.address}${path}`, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64'),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const admin = (key: string) =>
    fetch(`${cairn.address}/api/users`, { headers: { authorization: `Bearer ${key}` } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-keys-'));
    db = join(dir, 'cairn.db');
    cairn = await startCairnProcess({ ...env(), CAIRN_WRITE_KEY: 'wk_from_the_environment' });
  });
  after(async () => {
    await cairn?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  let printed: Record<string, string>;

  it('prints the keys the first start made, names the ones from the environment', async () => {
    printed = assignments(cairn.output());
    assert.deepEqual(Object.keys(printed).sort(), [
      'CAIRN_ADMIN_KEY',
      'CAIRN_SERVER_WRITE_KEY',
      'CAIRN_WORKSPACE_SECRET',
    ]);
    assert.match(cairn.output(), /From the environment, not stored: CAIRN_WRITE_KEY/);
    // Each printed key is the one in use.
    const identify = { userId: 'dana', traits: { email: 'dana@acme.test' } };
    assert.equal(
      (await post(printed.CAIRN_SERVER_WRITE_KEY, '/v1/identify', identify)).status,
      200,
    );
    assert.equal((await post('wk_from_the_environment', '/v1/identify', identify)).status, 403);
    assert.equal(
      (await post('wk_from_the_environment', '/v1/track', { userId: 'dana', event: 'E' })).status,
      200,
    );
    assert.equal((await admin(printed.CAIRN_ADMIN_KEY)).status, 200);
  });

  it('`cairn keys` says what exists and prints no stored key', async () => {
    const { stdout } = await cli('keys');
    assert.match(stdout, /# admin key .*: stored as a SHA-256 hash/);
    assert.match(stdout, /# server write key .*: stored as a SHA-256 hash/);
    assert.ok(!stdout.includes(printed.CAIRN_ADMIN_KEY));
    assert.ok(!stdout.includes(printed.CAIRN_SERVER_WRITE_KEY));
    assert.deepEqual(assignments(stdout), {
      CAIRN_WORKSPACE_SECRET: printed.CAIRN_WORKSPACE_SECRET,
    });
  });

  it('`cairn keys rotate` prints new keys once; the running Cairn takes them at once', async () => {
    const { stdout } = await cli('keys', 'rotate', 'admin', 'server');
    const fresh = assignments(stdout);
    assert.deepEqual(Object.keys(fresh).sort(), [
      'CAIRN_ADMIN_KEY',
      'CAIRN_SERVER_WRITE_KEY',
      'CAIRN_WORKSPACE_SECRET',
    ]);
    assert.notEqual(fresh.CAIRN_ADMIN_KEY, printed.CAIRN_ADMIN_KEY);
    assert.equal(fresh.CAIRN_WORKSPACE_SECRET, printed.CAIRN_WORKSPACE_SECRET);
    // The new key is unknown to the running ring, which then reads the hashes again.
    assert.equal((await admin(fresh.CAIRN_ADMIN_KEY)).status, 200);
    assert.equal((await admin(printed.CAIRN_ADMIN_KEY)).status, 401);
    const track = { userId: 'dana', event: 'E' };
    assert.equal((await post(fresh.CAIRN_SERVER_WRITE_KEY, '/v1/track', track)).status, 200);
    assert.equal((await post(printed.CAIRN_SERVER_WRITE_KEY, '/v1/track', track)).status, 401);
  });
});
