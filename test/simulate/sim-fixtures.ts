import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from '../../src/config/settings.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { loadSimulation } from '../../src/simulate/load-simulation.js';
import type { SimulationConfig } from '../../src/simulate/simulation-schema.js';
import { simulate, type SimulationResult } from '../../src/simulate/simulate.js';
import type { Store } from '../../src/store/store.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLE = join(ROOT, 'examples/saas/cairn.yaml');
export const EXAMPLE_SIMULATION = join(ROOT, 'examples/saas/simulation.yaml');
export const START = Date.UTC(2026, 2, 2);
export const DAY = 86_400_000;

/** The example's simulation file, with changes for a test (hourly steps by default). */
export async function exampleSimulation(
  change: (config: SimulationConfig) => void = () => {},
): Promise<SimulationConfig> {
  const config = await loadSimulation(EXAMPLE_SIMULATION, await loadDefinitions(EXAMPLE));
  config.tick = 3_600_000;
  change(config);
  return config;
}

/** Runs a simulation of the example workspace on `store`, email to a temporary outbox (or the
 * in-memory channel); `outboxFiles` lists what the outbox folder held at the end. */
export async function runSimulation(
  store: Store,
  config: SimulationConfig,
  run: {
    users: number;
    days: number;
    seed: string | number;
    email?: 'outbox' | 'memory';
    outboxCopies?: number;
  },
): Promise<SimulationResult & { outboxFiles: string[] }> {
  const outbox = mkdtempSync(join(tmpdir(), 'cairn-sim-outbox-'));
  try {
    const settings = readSettings({ config: EXAMPLE }, { CAIRN_OUTBOX_DIR: outbox });
    const result = await simulate({
      store,
      definitionsFile: EXAMPLE,
      config,
      settings,
      start: START,
      ...run,
    });
    return { ...result, outboxFiles: readdirSync(outbox).filter((f) => f.endsWith('.eml')) };
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
}
