import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readSettings, type Settings } from '../../config/settings.js';
import { parseDuration } from '../../definitions/duration.js';
import { loadDefinitions } from '../../definitions/index.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { loadSimulation } from '../../simulate/load-simulation.js';
import { simulate, type SimulationResult } from '../../simulate/simulate.js';
import { formatSummary } from '../../simulate/summary.js';
import { ProgressBar } from '../progress-bar.js';

export interface SimulateFlags {
  config?: string;
  simulation?: string;
  db?: string;
  users: string;
  days: string;
  seed: string;
  start?: string;
  truth?: string;
  speed?: string;
  tick?: string;
  email?: string;
  /** With `--email memory`: the latest emails written to the dev outbox at the end (the demo). */
  outboxCopies?: number;
  /** False: no digest of the store at the end (the demo, where no one compares runs). */
  digest?: boolean;
}

export function simulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Drive a synthetic population through the real runtime with a simulated clock (events, journeys, timers, deliveries)',
    )
    .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
    .option(
      '-s, --simulation <file>',
      'the simulation file (default: simulation.yaml beside cairn.yaml)',
    )
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('-u, --users <n>', 'people to draw', '1000')
    .option('-d, --days <n>', 'simulated days', '30')
    .option('--seed <seed>', 'the seed: same seed, same result', '1')
    .option(
      '--start <date>',
      'first simulated moment, ISO 8601 (default: <days> days before now, at midnight UTC)',
    )
    .option(
      '--truth <file>',
      'write the ground truth (planted parameters, hidden facts per user) as JSON',
    )
    .option(
      '--tick <duration>',
      "the clock's step, e.g. 15m or 1h (default: the simulation file's)",
    )
    .option(
      '--email <channel>',
      'outbox: .eml files in the dev outbox (CAIRN_OUTBOX_DIR); memory: kept in memory, no files',
      'outbox',
    )
    .option(
      '--speed <factor>',
      'pace simulated time at this many times real time (default: as fast as possible)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Prints a progress bar, then a summary table and a digest of the store: the same seed on an',
        'empty database gives the same digest, and running again on the same database adds nothing.',
        'Email goes to the dev outbox (CAIRN_OUTBOX_DIR), or with --email memory to an in-memory',
        'channel that accepts and refuses alike and writes no files (same digest). SMTP_URL must be unset.',
        '',
        'Example:',
        '  cairn simulate --config examples/saas/cairn.yaml --db sim.db --users 2000 --days 60 --seed 7 --truth truth.json',
      ].join('\n'),
    )
    .action(async (flags: SimulateFlags) => {
      const settings = readSettings(flags);
      const result = await runSimulateCommand(settings, flags);
      process.stdout.write(`${formatSummary(result.summary)}\ndigest ${result.digest}\n`);
    });
}

/** The command's work, shared with `serve --demo`. */
export async function runSimulateCommand(
  settings: Settings,
  flags: SimulateFlags,
  quiet = false,
): Promise<SimulationResult> {
  if (!settings.configFile)
    throw new Error('--config (or CAIRN_CONFIG) is required: the workspace to simulate');
  if (settings.smtpUrl)
    throw new Error('SMTP_URL is set: a simulation would email its synthetic users; unset it');
  const users = wholeNumber('--users', flags.users);
  const days = wholeNumber('--days', flags.days);
  const start = flags.start ? Date.parse(flags.start) : defaultStart(days);
  if (!Number.isFinite(start))
    throw new Error(`--start must be an ISO 8601 date (got ${flags.start})`);
  const email = flags.email ?? 'outbox';
  if (email !== 'outbox' && email !== 'memory')
    throw new Error(`--email must be outbox or memory (got ${flags.email})`);
  const speed = flags.speed === undefined ? null : Number(flags.speed);
  if (speed !== null && !(speed > 0)) throw new Error('--speed must be a number above zero');
  const simulationFile = flags.simulation ?? join(dirname(settings.configFile), 'simulation.yaml');
  if (!existsSync(simulationFile))
    throw new Error(`no simulation file at ${simulationFile} (--simulation)`);
  const definitions = await loadDefinitions(settings.configFile);
  const config = await loadSimulation(simulationFile, definitions);
  if (flags.tick !== undefined) {
    const tick = parseDuration(flags.tick);
    if (!tick) throw new Error(`--tick must be a duration like 15m or 1h (got ${flags.tick})`);
    config.tick = tick;
  }
  const store = await openSimulationStore(settings);
  const bar = new ProgressBar();
  const began = Date.now();
  try {
    await store.migrate();
    const result = await simulate({
      store,
      definitionsFile: settings.configFile,
      config,
      seed: flags.seed,
      users,
      days,
      start,
      settings,
      email,
      outboxCopies: flags.outboxCopies,
      digest: flags.digest,
      onProgress: ({ day, days: total, events }) => {
        if (quiet) return;
        const rate = Math.round(events / Math.max(bar.elapsed(), 0.001));
        bar.update(
          day,
          total,
          `day ${day.toFixed(1)} of ${total} · ${events} events (${rate}/s)`,
          day >= total,
        );
      },
      pace: speed === null ? undefined : (simulated) => paceTo(began, start, simulated, speed),
    });
    if (!quiet) bar.done();
    if (flags.truth) await writeFile(flags.truth, JSON.stringify(result.truth, null, 1));
    return result;
  } finally {
    await store.close();
  }
}

/**
 * SQLite is opened with synchronous=NORMAL: in WAL mode a killed process loses no committed
 * transaction (only a power cut can lose the last ones, which a re-run redoes), and a commit does
 * not wait for the disk, which is most of a small commit's time.
 */
function openSimulationStore(settings: Settings): Promise<Store> {
  return openStore({
    databaseUrl: settings.databaseUrl ?? undefined,
    file: settings.dbFile,
    synchronous: 'NORMAL',
  });
}

function wholeNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a whole number above zero (got ${text})`);
  return n;
}

function defaultStart(days: number): number {
  const today = new Date();
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days);
}

async function paceTo(
  began: number,
  start: number,
  simulated: number,
  speed: number,
): Promise<void> {
  const due = began + (simulated - start) / speed;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
