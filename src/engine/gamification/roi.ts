import type { PeriodKind } from '../../definitions/gamification/periods.js';
import type { RoiDefinition } from '../../definitions/gamification/roi.js';
import { own, type GameState } from './game-state.js';
import { valueIn } from './metric-buckets.js';

export interface TimeSaved {
  minutes: number;
  hours: number;
  /** The largest human equivalent the hours reach ("a full work week"), or null. */
  equivalent: string | null;
  /** Minutes per metric, for the breakdown. */
  byMetric: Record<string, number>;
}

/** Time saved in one period: each ROI metric's value times its minutes per unit. */
export function timeSaved(
  game: Pick<GameState, 'metrics'> | null,
  roi: RoiDefinition,
  kind: PeriodKind,
  period: number,
): TimeSaved {
  return timeSavedFrom(roi, (metric) =>
    game ? valueIn(own(game.metrics, metric), kind, period) : 0,
  );
}

/** Time saved, from each ROI metric's value in the period (`valueOf`). */
export function timeSavedFrom(roi: RoiDefinition, valueOf: (metric: string) => number): TimeSaved {
  let minutes = 0;
  const byMetric: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [metric, perUnit] of minutesOf(roi)) {
    const saved = valueOf(metric) * perUnit;
    byMetric[metric] = saved;
    minutes += saved;
  }
  const hours = minutes / 60;
  return { minutes, hours, equivalent: equivalentOf(hours, roi.equivalents), byMetric };
}

/** Each definitions' ROI metrics, listed once: time saved is read for every report. */
const listed = new WeakMap<RoiDefinition, [string, number][]>();

function minutesOf(roi: RoiDefinition): [string, number][] {
  let entries = listed.get(roi);
  if (entries === undefined) listed.set(roi, (entries = Object.entries(roi.minutes)));
  return entries;
}

/** The equivalent with the most hours that the total still reaches. */
export function equivalentOf(
  hours: number,
  equivalents: readonly { hours: number; label: string }[],
): string | null {
  let best: { hours: number; label: string } | null = null;
  for (const candidate of equivalents)
    if (hours >= candidate.hours && (!best || candidate.hours > best.hours)) best = candidate;
  return best?.label ?? null;
}
