import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { parseDefinitions } from '../../src/definitions/index.js';
import { openStore } from '../../src/store/open-store.js';
import {
  DEFINITIONS_YAML,
  generatePopulation,
  loadPopulation,
  testDefinitions,
} from '../analytics/population.js';
import { EXAMPLE } from '../simulate/sim-fixtures.js';

const run = promisify(execFile);
const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;

describe('cairn stats signal|audit|churn-risk', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-signals-'));
    await writeFile(join(dir, 'cairn.yaml'), DEFINITIONS_YAML);
    env = {
      ...process.env,
      CAIRN_CONFIG: join(dir, 'cairn.yaml'),
      DATABASE_URL: '',
      CAIRN_DB: join(dir, 'cairn.db'),
    };
    const store = await openStore({ file: env.CAIRN_DB! });
    await store.migrate();
    await loadPopulation(store, generatePopulation(3, 150), testDefinitions());
    await store.close();
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const stats = (...args: string[]) => run(process.execPath, [MAIN, 'stats', ...args], { env });

  it('prints tables, the same numbers as JSON, and refuses a bad flag naming it', async () => {
    const rule = JSON.stringify({ performed: ['Report Created'] });
    const { stdout } = await stats('signal', '--rule', rule, '--days', '14');
    assert.match(stdout, /^signal — /);
    assert.match(stdout, /^matched\s+\d+/m);
    const json = JSON.parse(
      (await stats('signal', '--rule', rule, '--days', '14', '--json')).stdout,
    );
    assert.match(stdout, new RegExp(`^matched\\s+${json.result.groups[0].users}\\s`, 'm'));
    assert.match((await stats('audit', '--days', '14')).stdout, /attribute\s+top\s+bottom/);
    assert.match((await stats('churn-risk', '--min-active', '1')).stdout, /at risk/);
    await assert.rejects(stats('audit', '--share', '2'), (e: { stderr: string; code: number }) => {
      assert.match(e.stderr, /--share: expected a number from 0.05 to 0.5/);
      return e.code === 2;
    });
  });

  it('--as-segment prints YAML that loads into a workspace as a valid segment', async () => {
    const json = JSON.parse((await stats('audit', '--days', '14', '--json')).stdout);
    const row = json.result.rows.find((r: { kind: string }) => r.kind === 'answer');
    assert.ok(row, 'an answer row');
    const { stdout } = await stats(
      'audit',
      '--days',
      '14',
      '--as-segment',
      'from_audit',
      '--row',
      row.key,
    );
    const printed = parse(stdout) as { segments: Record<string, { when: unknown }> };
    assert.deepEqual(printed.segments.from_audit!.when, row.rule);
    for (const source of [DEFINITIONS_YAML, await readFile(EXAMPLE, 'utf8')]) {
      const workspace = parse(source) as Record<string, unknown>;
      workspace.segments = { ...((workspace.segments as object) ?? {}), ...printed.segments };
      const loaded = parseDefinitions(stringify(workspace));
      assert.deepEqual(Object.keys(loaded.definitions.segments).includes('from_audit'), true);
    }
    // A behavior row has a duration, written as cairn.yaml writes it.
    const behavior = json.result.rows.find((r: { kind: string }) => r.kind === 'behavior');
    const out = (
      await stats('audit', '--days', '14', '--as-segment', 'did_it', '--row', behavior.key)
    ).stdout;
    const loaded = parseDefinitions(
      stringify({ ...(parse(DEFINITIONS_YAML) as object), ...(parse(out) as object) }),
    );
    assert.ok('first_performed' in loaded.definitions.segments.did_it!.when);
  });
});
