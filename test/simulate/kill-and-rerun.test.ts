import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { openTestStore, scratchDatabase, selectedDialects } from '../support/test-stores.js';
import { EXAMPLE, exampleSimulation, runSimulation } from './sim-fixtures.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const RUN = { users: 40, days: 10, seed: 'kill' };
const ARGS = [
  MAIN,
  'simulate',
  '--config',
  EXAMPLE,
  '--users',
  String(RUN.users),
  '--days',
  String(RUN.days),
  '--seed',
  RUN.seed,
  '--start',
  '2026-03-02T00:00:00Z',
  '--tick',
  '1h',
];

for (const dialect of selectedDialects()) {
  describe(`a simulation killed with SIGKILL and run again (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-sim-kill-'));
    let drop: (() => Promise<void>) | null = null;
    after(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('ends with the store an uninterrupted run leaves', async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, CAIRN_OUTBOX_DIR: join(dir, 'outbox') };
      delete env.SMTP_URL;
      delete env.DATABASE_URL;
      const args = [...ARGS];
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        drop = db.drop;
        env.DATABASE_URL = db.url;
      } else args.push('--db', join(dir, 'sim.db'));
      const open = () =>
        dialect === 'postgres'
          ? openStore({ databaseUrl: env.DATABASE_URL })
          : openStore({ file: join(dir, 'sim.db') });

      // Killed once the run is well under way: its events are in the store, its end is not.
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      const watcher = await waitForStore(open);
      try {
        while ((await countEvents(watcher)) < 400) await pause();
      } finally {
        await watcher.close();
      }
      child.kill('SIGKILL');
      assert.equal(await exited, null, 'the first run did not finish');

      const rerun = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      rerun.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      let err = '';
      rerun.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => rerun.on('exit', resolve));
      assert.equal(code, 0, err);
      const digest = /digest (\w+)/.exec(out)?.[1];

      const reference = await openTestStore(dialect);
      try {
        const config = await exampleSimulation();
        const clean = await runSimulation(reference.store, config, RUN);
        assert.equal(digest, clean.digest);
      } finally {
        await reference.cleanup();
      }
    });
  });
}

async function waitForStore(open: () => Promise<Store>): Promise<Store> {
  for (;;) {
    try {
      const store = await open();
      try {
        await store.countEvents();
        return store;
      } catch {
        await store.close();
      }
    } catch {
      // Not created yet.
    }
    await pause();
  }
}

async function countEvents(store: Store): Promise<number> {
  try {
    return await store.countEvents();
  } catch {
    return 0;
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
