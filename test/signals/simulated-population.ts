import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { IncomingEvent, Profile, StoredEvent, Account } from '../../src/core/types.js';
import { readSettings } from '../../src/config/settings.js';
import { simulate } from '../../src/simulate/simulate.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { readAll } from '../../src/simulate/read-all.js';
import type { SimulationResult } from '../../src/simulate/simulate.js';
import type { Store } from '../../src/store/store.js';
import { openTestStore, selectedDialects, type TestStore } from '../support/test-stores.js';
import { DAY, EXAMPLE, exampleSimulation, START } from '../simulate/sim-fixtures.js';

/**
 * One `cairn simulate` population of the example workspace with strong planted effects (a 48-hour
 * signal and an urgency answer that multiply the churn hazard), run on the first selected store
 * and copied, event by event through the same ingest path, into the others: both stores then
 * hold the same population. Small on purpose (a few hundred people over five weeks).
 */
export const RUN = { users: 300, days: 40, seed: 'signals' };
export const END = START + RUN.days * DAY;

export interface Population {
  stores: { dialect: string; handle: TestStore }[];
  result: SimulationResult;
  definitions: LoadedDefinitions;
  cleanup(): Promise<void>;
}

export async function simulatedPopulation(): Promise<Population> {
  const dialects = selectedDialects();
  // The example workspace without its journeys and reports (scheduled report emails, whose
  // templates live beside the example): the signals read behavior, not messages, and rendering
  // a few thousand emails would be most of the run.
  const dir = mkdtempSync(join(tmpdir(), 'cairn-signals-'));
  const workspace = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  delete workspace.journeys;
  delete workspace.reports;
  const file = join(dir, 'cairn.yaml');
  writeFileSync(file, stringify(workspace));
  const definitions = await loadDefinitions(file);
  const first = await openTestStore(dialects[0]!);
  const config = await exampleSimulation((c) => {
    c.journeys = {};
    c.tick = 6 * 3_600_000;
    c.churn.daily_hazard = 0.03;
    c.people.slow_start = 0.4;
    c.churn.no_meaningful_48h = 4;
    c.churn.urgency = { this_week: 0.3, this_month: 1, evaluating_options: 6 };
  });
  const outbox = join(dir, 'outbox');
  const result = await simulate({
    store: first.store,
    definitionsFile: file,
    config,
    settings: readSettings({ config: file }, { CAIRN_OUTBOX_DIR: outbox }),
    start: START,
    ...RUN,
  });
  const stores = [{ dialect: dialects[0]!, handle: first }];
  for (const dialect of dialects.slice(1)) {
    const handle = await openTestStore(dialect);
    await copyEvents(first.store, handle.store, definitions);
    stores.push({ dialect, handle });
  }
  return {
    stores,
    result,
    definitions,
    cleanup: async () => {
      for (const s of stores) await s.handle.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The product's events (not Cairn's own) in log order, applied as ingest applies them. */
async function copyEvents(from: Store, to: Store, definitions: LoadedDefinitions): Promise<void> {
  for (let after = 0; ;) {
    const page = await from.readEvents(after, 1000);
    if (!page.length) break;
    after = page.at(-1)!.seq;
    const batch: IncomingEvent[] = page
      .filter((e) => e.source !== 'internal')
      .map(({ seq: _seq, profileId: _profile, ...e }) => e);
    if (!batch.length) continue;
    const now = Math.max(...batch.map((e) => e.timestamp));
    await to.transaction((tx) => applyEvents(tx, batch, { now, definitions }));
  }
}

/** The raw rows the reference reads. */
export async function rawRows(
  store: Store,
): Promise<{ events: StoredEvent[]; profiles: Profile[]; accounts: Account[] }> {
  const events: StoredEvent[] = [];
  for (let after = 0; ;) {
    const page = await store.readEvents(after, 5000);
    if (!page.length) break;
    events.push(...page);
    after = page.at(-1)!.seq;
  }
  const profiles = await readAll((page) => store.searchProfiles(page));
  const accounts = await readAll((page) => store.listAccounts(page));
  return { events, profiles, accounts };
}
