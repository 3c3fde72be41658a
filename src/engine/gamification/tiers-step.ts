import type { TierDefinition } from '../../definitions/gamification/tiers.js';
import { report, wakeAt, type GameRun } from './game-run.js';
import { own } from './game-state.js';
import { periodEnd, periodLabel, periodOf } from './local-periods.js';
import { valueIn } from './metric-buckets.js';

/** The highest tier a value reaches (−1: none). */
export function tierIndex(tier: TierDefinition, value: number): number {
  let index = -1;
  tier.steps.forEach((step, i) => {
    if (value >= step.at_least) index = i;
  });
  return index;
}

/**
 * Once per period, sets the tier held in it from the value the last complete period reached. A
 * different tier than the one held before is a `Tier Changed`, up or down. A subject with a tier,
 * or on the way to one, is woken when the period ends.
 */
export function updateTiers(run: GameRun): void {
  for (const [name, tier] of run.plan.units[run.unit].tiers) {
    const current = periodOf(run.now, run.zone, tier.period);
    const metric = own(run.state.metrics, tier.metric);
    const held = own(run.state.tiers, name);
    if (!held || held.period !== current) {
      const value = valueIn(metric, tier.period, current - 1);
      const index = tierIndex(tier, value);
      const before = held?.index ?? -1;
      run.state.tiers[name] = {
        period: current,
        index,
        at: index === before && held ? held.at : run.now,
      };
      if (index !== before) {
        const label = (i: number) => (i >= 0 ? tier.steps[i]!.name : null);
        report(
          run,
          'Tier Changed',
          {
            tiers: name,
            from: label(before),
            to: label(index),
            direction: index > before ? 'up' : 'down',
            value,
            period: periodLabel(current - 1, tier.period),
          },
          `tiers.${name}`,
          [
            `${tier.metric}: ${value} in the ${tier.period} of ${periodLabel(current - 1, tier.period)}`,
          ],
        );
      }
    }
    if (run.state.tiers[name]!.index >= 0 || valueIn(metric, tier.period, current) > 0)
      wakeAt(run, periodEnd(current, run.zone, tier.period));
  }
}
