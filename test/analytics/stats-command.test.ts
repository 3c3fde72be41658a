import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/open-store.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';
import {
  DEFINITIONS_YAML,
  generatePopulation,
  loadPopulation,
  testDefinitions,
} from './population.js';

const run = promisify(execFile);
const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;

for (const dialect of selectedDialects()) {
  describe(`cairn stats [${dialect}]`, () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let drop: (() => Promise<void>) | null = null;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cairn-stats-'));
      await writeFile(join(dir, 'cairn.yaml'), DEFINITIONS_YAML);
      env = { ...process.env, CAIRN_CONFIG: join(dir, 'cairn.yaml'), DATABASE_URL: '' };
      let store;
      if (dialect === 'sqlite') {
        env.CAIRN_DB = join(dir, 'cairn.db');
        store = await openStore({ file: env.CAIRN_DB });
      } else {
        const db = await scratchDatabase();
        drop = db.drop;
        env.DATABASE_URL = db.url;
        store = await openStore({ databaseUrl: db.url });
      }
      await store.migrate();
      await loadPopulation(store, generatePopulation(3, 150), testDefinitions());
      await store.close();
    });
    after(async () => {
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });
    const stats = (...args: string[]) => run(process.execPath, [MAIN, 'stats', ...args], { env });

    it('prints the activation table per persona (the P3 table), and the same numbers as JSON', async () => {
      const { stdout } = await stats(
        'activation',
        '--by',
        'persona.path',
        '--from',
        '2025-12-01',
        '--min-size',
        '5',
      );
      assert.match(stdout, /^activation — 2025-12-01/);
      for (const persona of ['technical', 'business', 'executive'])
        assert.match(stdout, new RegExp(`^${persona}\\s+\\d+`, 'm'));
      assert.match(stdout, /95 % CI/);
      assert.match(stdout, /Definitions:/);
      const json = JSON.parse(
        (await stats('activation', '--by', 'persona.path', '--from', '2025-12-01', '--json'))
          .stdout,
      );
      assert.equal(json.filters.by, 'persona.path');
      const technical = json.result.groups.find((g: { key: string }) => g.key === 'technical');
      assert.match(
        stdout,
        new RegExp(
          `^technical\\s+${technical.users}\\s+${technical.pending}\\s+${technical.activated.count}/`,
          'm',
        ),
      );
    });

    it('prints every other metric, lists a retention cell, and refuses a bad flag naming it', async () => {
      for (const metric of ['conversion', 'retention', 'adoption', 'lifecycle', 'messages']) {
        const { stdout } = await stats(metric);
        assert.match(stdout, new RegExp(`^${metric}`), metric);
      }
      const json = JSON.parse((await stats('retention', '--json', '--from', '2026-01-01')).stdout);
      const cohort = json.result.overall.cohorts.find((c: { size: number }) => c.size > 0).cohort;
      const listed = JSON.parse(
        (await stats('retention', '--json', '--from', '2026-01-01', '--users', `${cohort}:0`))
          .stdout,
      );
      assert.equal(
        listed.result.cell.units.length,
        json.result.overall.cohorts.find((c: { cohort: string }) => c.cohort === cohort).size,
      );
      await assert.rejects(
        stats('retention', '--mode', 'sometimes'),
        (e: { stderr: string; code: number }) => {
          assert.match(e.stderr, /--mode: expected one of on, on_or_after/);
          return e.code === 2;
        },
      );
    });
  });
}
