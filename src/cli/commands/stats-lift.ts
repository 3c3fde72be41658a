import type { Command } from 'commander';
import { AnalyticsInputError } from '../../analytics/analytics-input-error.js';
import { formatLift } from '../../analytics/lift/format-lift.js';
import { LIFT_PARAMS, runLift } from '../../analytics/lift/run-lift.js';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { loadDefinitions } from '../../definitions/index.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';

/** `cairn stats lift`: the numbers of GET /api/analytics/lift, as a table or JSON. */
export function statsLiftCommand(stats: Command): void {
  const command = stats
    .command('lift')
    .description(
      'journey lift: treated against held-out goal conversion with intervals, p-values, sample-ratio check and verdict (the same numbers as GET /api/analytics/lift)',
    )
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
    .option('--json', 'print the answer as JSON');
  for (const [param, help] of Object.entries(LIFT_PARAMS))
    command.option(`--${param} <value>`, help);
  command.action(async (flags: Record<string, string | boolean | undefined>) => {
    const settings = readSettings({
      db: flags.db as string | undefined,
      config: flags.config as string | undefined,
    });
    if (!settings.configFile)
      throw new Error(
        'stats needs the workspace definitions: --config cairn.yaml (or CAIRN_CONFIG)',
      );
    const loaded = await loadDefinitions(settings.configFile);
    const raw: Record<string, string> = Object.create(null);
    for (const param of Object.keys(LIFT_PARAMS)) {
      const value = flags[param];
      if (typeof value === 'string') raw[param] = value;
    }
    const store = await storeFromSettings(settings);
    try {
      const answer = await runLift(
        { store, definitions: loaded.definitions, now: systemClock.now() },
        raw,
      );
      process.stdout.write(
        flags.json ? JSON.stringify(answer, null, 2) + '\n' : formatLift(answer),
      );
    } catch (error) {
      if (error instanceof AnalyticsInputError) {
        process.stderr.write(`--${error.field}: ${error.message.slice(error.field.length + 2)}\n`);
        process.exitCode = 2;
        return;
      }
      throw error;
    } finally {
      await store.close();
    }
  });
}
