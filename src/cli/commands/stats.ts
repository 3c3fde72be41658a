import type { Command } from 'commander';
import { formatAnswer } from '../../analytics/format-answer.js';
import { METRIC_PARAMS, METRICS, PARAM_HELP } from '../../analytics/params.js';
import { runAnalytics } from '../../analytics/run-analytics.js';
import { statsLiftCommand } from './stats-lift.js';
import { statsSignalCommands } from './stats-signals.js';
import { runStatsAnswer, statsSubcommand, type StatsFlags } from './stats-command.js';

export function statsCommand(program: Command): void {
  const stats = program
    .command('stats')
    .description(
      'Product analytics from the store: activation, conversion, retention, adoption, lifecycle, messages',
    );
  for (const metric of METRICS) {
    const params = Object.fromEntries(METRIC_PARAMS[metric].map((p) => [p, PARAM_HELP[p]]));
    const command = statsSubcommand(
      stats,
      metric,
      `${metric} (the same numbers as GET /api/analytics/${metric})`,
      params,
    );
    if (metric === 'retention')
      command.option('--users <cell>', 'the same as --cell: list the units of <cohort>:<period>');
    command.action(async (flags: StatsFlags) => {
      // --users is --cell by another name.
      const given = typeof flags.users === 'string' ? { ...flags, cell: flags.users } : flags;
      await runStatsAnswer(
        given,
        METRIC_PARAMS[metric],
        ({ store, definitions, now, raw }) =>
          runAnalytics(metric, { store: store.analytics, definitions, now }, raw),
        formatAnswer,
      );
    });
  }
  statsLiftCommand(stats);
  statsSignalCommands(stats);
}
