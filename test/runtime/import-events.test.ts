import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { importEvents } from '../../src/runtime/import-events.js';
import { Workspace } from '../../src/runtime/workspace.js';
import type { Store } from '../../src/store/store.js';
import { cliCommand } from '../support/cairn-process.js';
import { forEachStore } from '../support/test-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = [
  {
    type: 'identify',
    userId: 'imp-1',
    traits: { email: 'imp1@acme.io' },
    timestamp: '2025-06-01T10:00:00Z',
    messageId: 'imp-a',
  },
  {
    type: 'track',
    userId: 'imp-1',
    event: 'Report Created',
    timestamp: '2025-06-01T11:00:00Z',
    messageId: 'imp-b',
  },
  {
    type: 'track',
    userId: 'imp-1',
    event: 'Report Created',
    timestamp: '2025-06-02T11:00:00Z',
    messageId: 'imp-c',
  },
];
const file = join(dir, 'history.ndjson');
writeFileSync(
  file,
  [...lines.map((l) => JSON.stringify(l)), '{"type":"track","userId":"x"}', 'not json', ''].join(
    '\n',
  ),
);

const definitions = parseDefinitions(
  'milestones:\n  first_report: { event: Report Created }\n',
  'import-test.yaml',
);

forEachStore('import', (getStore: () => Store) => {
  it('backfills history with its own timestamps, reports bad lines, and is idempotent', async () => {
    const store = getStore();
    const invalid: number[] = [];
    const workspace = new Workspace(definitions);
    const result = await importEvents(store, file, new FakeClock(), {
      workspace,
      onInvalidLine: (line) => invalid.push(line),
    });
    assert.equal(result.stored, 3);
    assert.equal(result.invalid, 2);
    assert.deepEqual(invalid, [4, 5]);
    const profile = (await store.getProfile('imp-1'))!;
    assert.equal(profile.counters['Report Created'].count, 2);
    assert.equal(profile.counters['Report Created'].first, Date.parse('2025-06-01T11:00:00Z'));
    const events = await store.recentEvents('imp-1', 10);
    assert.ok(events.filter((e) => e.source !== 'internal').every((e) => e.source === 'import'));
    // State is derived from imported history too: the milestone was reached back then.
    const milestone = events.find((e) => e.event === 'Milestone Reached')!;
    assert.equal(milestone.properties.milestone, 'first_report');
    // Imported events never start journeys: nothing is in the delivery log.
    assert.equal((await store.listMessages({ profileId: 'imp-1' }, { limit: 10 })).items.length, 0);

    const again = await importEvents(store, file, new FakeClock(), { workspace });
    assert.equal(again.stored, 0);
    assert.equal(again.duplicates, 3);
  });
});

it('cairn import shows progress and exits 1 when lines were invalid', () => {
  const db = join(dir, 'cli.db');
  const run = spawnSync(process.execPath, [...cliCommand(), 'import', file, '--db', db], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /imported 3 events \(0 already stored, 2 invalid lines\)/);
  assert.match(run.stderr, /history\.ndjson:4: event: is required for track calls/);
  assert.match(run.stderr, /history\.ndjson:5: line: malformed JSON/);
  assert.match(run.stderr, /100%/);
});

it('cairn import --help documents the command', () => {
  const run = spawnSync(process.execPath, [...cliCommand(), 'import', '--help'], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0);
  assert.match(run.stdout, /Backfill history/);
  assert.match(run.stdout, /--config/);
});
