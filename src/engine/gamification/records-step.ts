import { report, type GameRun } from './game-run.js';
import { own, type RecordState } from './game-state.js';
import { periodLabel, periodOf } from './local-periods.js';
import { valueIn } from './metric-buckets.js';

export function emptyRecord(): RecordState {
  return { best: 0, bestPeriod: null, open: null, openValue: 0, told: false };
}

/**
 * Personal bests. The period being measured is folded into the best when a later one starts;
 * the first time the current period beats an earlier best above 0, it is a `Record Broken`
 * (once per period: beating it again the same period says nothing new).
 */
export function updateRecords(run: GameRun): void {
  for (const [name, definition] of run.plan.units[run.unit].records) {
    const kind = definition.period;
    const record = own(run.state.records, name) ?? (run.state.records[name] = emptyRecord());
    const period = periodOf(run.now, run.zone, kind);
    const metric = own(run.state.metrics, definition.metric);
    if (record.open !== null && record.open < period) {
      // The value kept in the buckets is the final one (events that arrived late included).
      const closed = Math.max(record.openValue, valueIn(metric, kind, record.open));
      if (closed > record.best) {
        record.best = closed;
        record.bestPeriod = record.open;
      }
      record.told = false;
    }
    if (record.open !== period) record.open = period;
    record.openValue = valueIn(metric, kind, period);
    if (record.openValue > record.best && record.best > 0 && !record.told) {
      record.told = true;
      report(
        run,
        'Record Broken',
        {
          record: name,
          metric: definition.metric,
          periodKind: kind,
          period: periodLabel(period, kind),
          value: record.openValue,
          previousBest: record.best,
        },
        `records.${name}`,
        [
          `${definition.metric}: ${record.openValue} this ${kind}`,
          `best before: ${record.best} (${kind} of ${periodLabel(record.bestPeriod!, kind)})`,
        ],
      );
    }
  }
}

/** The best value so far, the period being measured included. */
export function bestValue(record: RecordState): number {
  return Math.max(record.best, record.openValue);
}
