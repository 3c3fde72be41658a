import type { Command } from 'commander';
import { formatLift } from '../../analytics/lift/format-lift.js';
import { LIFT_PARAMS, runLift } from '../../analytics/lift/run-lift.js';
import { runStatsAnswer, statsSubcommand, type StatsFlags } from './stats-command.js';

/** `cairn stats lift`: the numbers of GET /api/analytics/lift, as a table or JSON. */
export function statsLiftCommand(stats: Command): void {
  statsSubcommand(
    stats,
    'lift',
    'journey lift: treated against held-out goal conversion with intervals, p-values, sample-ratio check and verdict (the same numbers as GET /api/analytics/lift)',
    LIFT_PARAMS,
  ).action(async (flags: StatsFlags) => {
    await runStatsAnswer(
      flags,
      Object.keys(LIFT_PARAMS),
      ({ store, definitions, now, raw }) => runLift({ store, definitions, now }, raw),
      formatLift,
    );
  });
}
