import type { Command } from 'commander';
import { formatAnswer } from '../../analytics/format-answer.js';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { METRIC_PARAMS, METRICS, PARAM_HELP, type MetricName } from '../../analytics/params.js';
import { runAnalytics } from '../../analytics/run-analytics.js';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { loadDefinitions } from '../../definitions/index.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { statsLiftCommand } from './stats-lift.js';
import { statsSignalCommands } from './stats-signals.js';

/** `--min-size` → `min_size`: flags are the HTTP parameters in kebab case. */
const flagOf = (param: string) => `--${param.replaceAll('_', '-')}`;
const optionKey = (param: string) => param.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function statsCommand(program: Command): void {
  const stats = program
    .command('stats')
    .description(
      'Product analytics from the store: activation, conversion, retention, adoption, lifecycle, messages',
    );
  for (const metric of METRICS) {
    const command = stats
      .command(metric)
      .description(`${metric} (the same numbers as GET /api/analytics/${metric})`)
      .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
      .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
      .option('--json', 'print the answer as JSON');
    for (const param of METRIC_PARAMS[metric])
      command.option(`${flagOf(param)} <value>`, PARAM_HELP[param]);
    if (metric === 'retention')
      command.option('--users <cell>', 'the same as --cell: list the units of <cohort>:<period>');
    command.action(async (flags: Record<string, string | boolean | undefined>) => {
      await runStats(metric, flags);
    });
  }
  statsLiftCommand(stats);
  statsSignalCommands(stats);
}

async function runStats(
  metric: MetricName,
  flags: Record<string, string | boolean | undefined>,
): Promise<void> {
  const settings = readSettings({
    db: flags.db as string | undefined,
    config: flags.config as string | undefined,
  });
  if (!settings.configFile)
    throw new Error('stats needs the workspace definitions: --config cairn.yaml (or CAIRN_CONFIG)');
  const loaded = await loadDefinitions(settings.configFile);
  const raw: Record<string, string> = Object.create(null);
  for (const param of METRIC_PARAMS[metric]) {
    const value = flags[optionKey(param)];
    if (typeof value === 'string') raw[param] = value;
  }
  if (typeof flags.users === 'string') raw.cell = flags.users;
  const store = await storeFromSettings(settings);
  try {
    const answer = await runAnalytics(
      metric,
      { store: store.analytics, definitions: loaded.definitions, now: systemClock.now() },
      raw,
    );
    process.stdout.write(
      flags.json ? JSON.stringify(answer, null, 2) + '\n' : formatAnswer(answer),
    );
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
