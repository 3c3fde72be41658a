import type { Logger } from 'pino';
import type { Settings } from '../../config/settings.js';
import { DEMO_SETTING } from '../../simulate/demo-marker.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { runSimulateCommand, type SimulateFlags } from './simulate.js';

/** The demo's latest emails written to the dev outbox (all of them are in the delivery log). */
export const DEMO_OUTBOX_COPIES = 200;

/**
 * The demo's simulation, as `cairn simulate` flags (`npm run bench:simulate` times the same):
 * CAIRN_DEMO_USERS (2000), CAIRN_DEMO_DAYS (60) and CAIRN_DEMO_TICK (1h) change it.
 */
export function demoFlags(env: NodeJS.ProcessEnv = process.env): SimulateFlags {
  return {
    users: env.CAIRN_DEMO_USERS ?? '2000',
    days: env.CAIRN_DEMO_DAYS ?? '60',
    seed: 'demo',
    tick: env.CAIRN_DEMO_TICK ?? '1h',
    // Emails go to the in-memory channel (no 10,000 files to write); the latest of them are
    // then written to the dev outbox, for the README's walk through `/api/outbox`.
    email: 'memory',
    outboxCopies: DEMO_OUTBOX_COPIES,
    // The digest re-reads the whole store (5 s of the start); the seed, size and period above
    // already say which demo it is, and `cairn simulate` with them prints it.
    digest: false,
  };
}

/**
 * `cairn serve --demo`: an empty database is first given a demo history — a simulated population
 * of the workspace over the last days, through the real runtime — and marked as demo data (the
 * `demo` setting, shown by /api/health and logged at every start). A database with events of its
 * own is never touched; plain `cairn serve` never simulates.
 */
export async function simulateDemo(settings: Settings, logger: Logger): Promise<void> {
  const store = await storeFromSettings(settings);
  let empty: boolean;
  let marked: string | null;
  try {
    await store.migrate();
    empty = (await store.countEvents()) === 0;
    marked = await store.getSetting(DEMO_SETTING);
  } finally {
    await store.close();
  }
  if (marked) {
    logger.warn({ demo: JSON.parse(marked) }, 'DEMO DATA: this database holds a simulated history');
    return;
  }
  if (!empty) {
    logger.info('--demo: the database already has events; no demo history is simulated');
    return;
  }
  const flags = demoFlags();
  const { users, days } = flags;
  logger.warn({ users, days }, 'DEMO DATA: simulating a demo history into the empty database');
  const began = Date.now();
  const result = await runSimulateCommand(settings, flags);
  const marker = {
    users: result.summary.users,
    days: Number(days),
    seed: 'demo',
    start: result.truth.start,
    end: result.truth.end,
  };
  const again = await storeFromSettings(settings);
  try {
    await again.initSetting(DEMO_SETTING, JSON.stringify(marker));
  } finally {
    await again.close();
  }
  logger.warn(
    { ...marker, seconds: Math.round((Date.now() - began) / 100) / 10 },
    'DEMO DATA: demo history ready (simulated users, not real ones)',
  );
}
