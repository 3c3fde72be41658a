import type { Command } from 'commander';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { loadDefinitions } from '../../definitions/index.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { formatSignal } from '../../signals/format-signals.js';
import { runSignals } from '../../signals/run-signals.js';
import {
  SIGNAL_PARAM_HELP,
  SIGNAL_PARAMS,
  SIGNALS,
  type SignalName,
} from '../../signals/signal-params.js';

const flagOf = (param: string) => `--${param.replaceAll('_', '-')}`;
const optionKey = (param: string) => param.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `cairn stats signal|audit|churn-risk`: the same answers as GET /api/analytics/<name>. */
export function statsSignalCommands(stats: Command): void {
  for (const name of SIGNALS) {
    const command = stats
      .command(name)
      .description(`${name} (the same numbers as GET /api/analytics/${name}); see docs/signals.md`)
      .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
      .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
      .option('--json', 'print the answer as JSON');
    for (const param of SIGNAL_PARAMS[name])
      command.option(`${flagOf(param)} <value>`, SIGNAL_PARAM_HELP[name][param]);
    command.action(async (flags: Record<string, string | boolean | undefined>) => {
      await runStatsSignal(name, flags);
    });
  }
}

async function runStatsSignal(
  name: SignalName,
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
  for (const param of SIGNAL_PARAMS[name]) {
    const value = flags[optionKey(param)];
    if (typeof value === 'string') raw[param] = value;
  }
  const store = await storeFromSettings(settings);
  try {
    const answer = await runSignals(
      name,
      {
        analytics: store.analytics,
        signals: store.signals,
        definitions: loaded.definitions,
        now: systemClock.now(),
      },
      raw,
    );
    const segment = (answer.result as { segment?: { row: string; yaml: string } | null }).segment;
    if (flags.json) process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
    else if (segment) {
      // --as-segment: only the YAML, so that it can be read or merged into cairn.yaml as is.
      process.stdout.write(
        `# From cairn stats audit, row ${segment.row}: merge into cairn.yaml\n${segment.yaml}`,
      );
    } else process.stdout.write(formatSignal(answer));
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
