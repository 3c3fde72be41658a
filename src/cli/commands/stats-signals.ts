import type { Command } from 'commander';
import { formatSignal } from '../../signals/format-signals.js';
import { runSignals } from '../../signals/run-signals.js';
import { SIGNAL_PARAM_HELP, SIGNAL_PARAMS, SIGNALS } from '../../signals/signal-params.js';
import { runStatsAnswer, statsSubcommand, type StatsFlags } from './stats-command.js';

/** `cairn stats signal|audit|churn-risk`: the same answers as GET /api/analytics/<name>. */
export function statsSignalCommands(stats: Command): void {
  for (const name of SIGNALS) {
    statsSubcommand(
      stats,
      name,
      `${name} (the same numbers as GET /api/analytics/${name}); see docs/signals.md`,
      Object.fromEntries(SIGNAL_PARAMS[name].map((p) => [p, SIGNAL_PARAM_HELP[name][p]!])),
    ).action(async (flags: StatsFlags) => {
      await runStatsAnswer(
        flags,
        SIGNAL_PARAMS[name],
        ({ store, definitions, now, raw }) =>
          runSignals(
            name,
            { analytics: store.analytics, signals: store.signals, definitions, now },
            raw,
          ),
        printSignal,
      );
    });
  }
}

/** The table, or with --as-segment only the YAML, so that it can be merged into cairn.yaml as is. */
function printSignal(answer: Awaited<ReturnType<typeof runSignals>>): string {
  const segment = (answer.result as { segment?: { row: string; yaml: string } | null }).segment;
  if (segment)
    return `# From cairn stats audit, row ${segment.row}: merge into cairn.yaml\n${segment.yaml}`;
  return formatSignal(answer);
}
