import type { Command } from 'commander';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { loadDefinitions, type LoadedDefinitions } from '../../definitions/index.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import type { Store } from '../../store/store.js';

/**
 * What every `cairn stats …` subcommand shares: its store and definitions options, parameters as
 * flags (`min_size` → `--min-size`), the store opened from the settings like `cairn serve`, and a
 * parameter the analysis cannot use printed as the flag at fault with exit code 2.
 */
export type StatsFlags = Record<string, string | boolean | undefined>;

export interface StatsInput {
  store: Store;
  definitions: LoadedDefinitions['definitions'];
  now: number;
  /** The parameters given, by their HTTP names. */
  raw: Record<string, string>;
}

/** `min_size` → `--min-size`: flags are the HTTP parameters in kebab case. */
export const flagOf = (param: string) => `--${param.replaceAll('_', '-')}`;
/** The key commander gives a flag's value (`--min-size` → `minSize`). */
const optionKey = (param: string) => param.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A subcommand with the shared options and one flag per parameter. */
export function statsSubcommand(
  stats: Command,
  name: string,
  description: string,
  params: Readonly<Record<string, string>>,
): Command {
  const command = stats
    .command(name)
    .description(description)
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
    .option('--json', 'print the answer as JSON');
  for (const [param, help] of Object.entries(params))
    command.option(`${flagOf(param)} <value>`, help);
  return command;
}

/** Runs one analysis with the flags given and prints its answer (`--json`, or `print`). */
export async function runStatsAnswer<T>(
  flags: StatsFlags,
  params: readonly string[],
  compute: (input: StatsInput) => Promise<T>,
  print: (answer: T) => string,
): Promise<void> {
  const settings = readSettings({
    db: flags.db as string | undefined,
    config: flags.config as string | undefined,
  });
  if (!settings.configFile)
    throw new Error('stats needs the workspace definitions: --config cairn.yaml (or CAIRN_CONFIG)');
  const loaded = await loadDefinitions(settings.configFile);
  const raw: Record<string, string> = Object.create(null);
  for (const param of params) {
    const value = flags[optionKey(param)];
    if (typeof value === 'string') raw[param] = value;
  }
  const store = await storeFromSettings(settings);
  try {
    const answer = await compute({
      store,
      definitions: loaded.definitions,
      now: systemClock.now(),
      raw,
    });
    process.stdout.write(flags.json ? JSON.stringify(answer, null, 2) + '\n' : print(answer));
  } catch (error) {
    if (error instanceof AnalyticsInputError) {
      process.stderr.write(
        `${flagOf(error.field)}: ${error.message.slice(error.field.length + 2)}\n`,
      );
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    await store.close();
  }
}
