import type { Requirements } from '../../definitions/gamification/badges.js';
import { report, wakeAt, type GameRun } from './game-run.js';
import { own } from './game-state.js';
import { periodOf } from './local-periods.js';
import { valueIn } from './metric-buckets.js';

/**
 * Awards badges whose rule and requirements hold, each once, with its time. A silent run (a
 * definitions change) marks them backdated and reports nothing. Badges requiring badges are
 * settled in passes until none is added.
 */
export function updateBadges(run: GameRun): void {
  const badges = run.plan.units[run.unit].badges;
  for (let added = true; added;) {
    added = false;
    for (const badge of badges) {
      if (own(run.state.badges, badge.name)) continue;
      const facts: string[] = [];
      const requires = badge.definition.requires;
      if (requires && !requirementsHold(run, requires, facts)) continue;
      if (badge.rule && run.badgeRule) {
        const verdict = run.badgeRule(badge);
        if (!verdict.value) {
          if (verdict.changeAt !== null) wakeAt(run, verdict.changeAt);
          continue;
        }
        facts.push(...verdict.facts);
      }
      run.state.badges[badge.name] = { at: run.now, backdated: run.silent };
      added = true;
      report(
        run,
        'Badge Earned',
        { badge: badge.name, name: badge.definition.name, earnedAt: run.now },
        `badges.${badge.name}`,
        facts,
      );
    }
  }
}

function requirementsHold(run: GameRun, requires: Requirements, facts: string[]): boolean {
  const { state, plan } = run;
  const definitions = plan.definitions;
  if (requires.points !== undefined) {
    if (state.points < requires.points) return false;
    facts.push(`${state.points} points (at least ${requires.points})`);
  }
  for (const [ladder, level] of Object.entries(requires.level ?? {})) {
    const steps = definitions.levels[ladder]!.steps;
    const needed = steps.findIndex((step) => step.name === level);
    if ((own(state.levels, ladder)?.index ?? -1) < needed) return false;
    facts.push(`${ladder} level ${level} or above`);
  }
  for (const [name, tier] of Object.entries(requires.tier ?? {})) {
    const steps = definitions.tiers[name]!.steps;
    const needed = steps.findIndex((step) => step.name === tier);
    if ((own(state.tiers, name)?.index ?? -1) < needed) return false;
    facts.push(`${name} tier ${tier} or above`);
  }
  for (const [name, length] of Object.entries(requires.streak ?? {})) {
    const current = own(state.streaks, name)?.current ?? 0;
    if (current < length) return false;
    facts.push(`${name} streak ${current} (at least ${length})`);
  }
  for (const [name, { period, at_least }] of Object.entries(requires.metric ?? {})) {
    const value = valueIn(own(state.metrics, name), period, periodOf(run.now, run.zone, period));
    if (value < at_least) return false;
    facts.push(`${name}: ${value} this ${period} (at least ${at_least})`);
  }
  for (const name of requires.badges ?? []) if (!own(state.badges, name)) return false;
  return true;
}
