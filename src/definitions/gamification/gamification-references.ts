import type { Path } from '../rule-walk.js';
import type { Definitions } from '../schema.js';
import { unknownName } from '../suggest.js';
import type { Requirements } from './badges.js';

interface ReferenceIssue {
  path: Path;
  message: string;
}

/**
 * What the gamification schemas cannot check alone: that the metrics, milestones, ladders,
 * levels, tiers, streaks and badges they name exist, and that badges do not require each other
 * in a circle.
 */
export function checkGamificationReferences(definitions: Definitions): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const metrics = Object.keys(definitions.metrics);
  const milestones = Object.keys(definitions.milestones);
  const metric = (name: string, path: Path) => {
    if (!definitions.metrics[name])
      issues.push({ path, message: unknownName('metric', name, metrics) });
  };
  const milestone = (name: string, path: Path) => {
    if (!definitions.milestones[name])
      issues.push({ path, message: unknownName('milestone', name, milestones) });
  };
  definitions.points.forEach((rule, i) => {
    if (rule.milestone) milestone(rule.milestone, ['points', i, 'milestone']);
  });
  for (const [name, ladder] of Object.entries(definitions.levels))
    ladder.steps.forEach((step, i) =>
      step.milestones?.forEach((m, j) =>
        milestone(m, ['levels', name, 'steps', i, 'milestones', j]),
      ),
    );
  for (const [name, tier] of Object.entries(definitions.tiers))
    metric(tier.metric, ['tiers', name, 'metric']);
  for (const [name, streak] of Object.entries(definitions.streaks))
    for (const m of Object.keys(streak.when)) metric(m, ['streaks', name, 'when', m]);
  for (const [name, record] of Object.entries(definitions.records))
    metric(record.metric, ['records', name, 'metric']);
  for (const m of Object.keys(definitions.roi?.minutes ?? {})) metric(m, ['roi', 'minutes', m]);
  for (const [name, rec] of Object.entries(definitions.recommendations)) {
    milestone(rec.adopted, ['recommendations', name, 'adopted']);
    if (rec.impact.measured && !definitions.roi && rec.impact.declared_minutes === undefined)
      issues.push({
        path: ['recommendations', name, 'impact'],
        message: 'a measured impact is time saved: it needs a roi section (or declared_minutes)',
      });
  }
  for (const [name, badge] of Object.entries(definitions.badges))
    if (badge.requires)
      checkRequirements(
        definitions,
        badge.for,
        badge.requires,
        ['badges', name, 'requires'],
        issues,
      );
  issues.push(...badgeCycles(definitions));
  return issues;
}

function checkRequirements(
  definitions: Definitions,
  unit: 'user' | 'account',
  requires: Requirements,
  path: Path,
  issues: ReferenceIssue[],
): void {
  const check = <T extends { for: string }>(
    kind: string,
    section: Record<string, T>,
    name: string,
    at: Path,
  ): T | null => {
    const found = section[name];
    if (!found) {
      issues.push({ path: at, message: unknownName(kind, name, Object.keys(section)) });
      return null;
    }
    if (found.for !== unit)
      issues.push({
        path: at,
        message: `${kind} "${name}" is kept for each ${found.for}, this badge for each ${unit}`,
      });
    return found;
  };
  for (const [name, level] of Object.entries(requires.level ?? {})) {
    const ladder = check('ladder', definitions.levels, name, [...path, 'level', name]);
    if (ladder && !ladder.steps.some((step) => step.name === level))
      issues.push({
        path: [...path, 'level', name],
        message: `"${level}" is not a level of ${name}; levels: ${ladder.steps.map((s) => s.name).join(', ')}`,
      });
  }
  for (const [name, tier] of Object.entries(requires.tier ?? {})) {
    const ladder = check('tier ladder', definitions.tiers, name, [...path, 'tier', name]);
    if (ladder && !ladder.steps.some((step) => step.name === tier))
      issues.push({
        path: [...path, 'tier', name],
        message: `"${tier}" is not a tier of ${name}; tiers: ${ladder.steps.map((s) => s.name).join(', ')}`,
      });
  }
  for (const name of Object.keys(requires.streak ?? {}))
    check('streak', definitions.streaks, name, [...path, 'streak', name]);
  for (const name of Object.keys(requires.metric ?? {}))
    if (!definitions.metrics[name])
      issues.push({
        path: [...path, 'metric', name],
        message: unknownName('metric', name, Object.keys(definitions.metrics)),
      });
  requires.badges?.forEach((name, i) =>
    check('badge', definitions.badges, name, [...path, 'badges', i]),
  );
}

function badgeCycles(definitions: Definitions): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    state.set(name, 'visiting');
    definitions.badges[name]?.requires?.badges?.forEach((next, i) => {
      if (state.get(next) === 'visiting')
        issues.push({
          path: ['badges', name, 'requires', 'badges', i],
          message: `circular reference: ${[...trail, name, next].map((b) => `badges.${b}`).join(' → ')}`,
        });
      else if (!state.has(next) && definitions.badges[next]) visit(next, [...trail, name]);
    });
    state.set(name, 'done');
  };
  for (const name of Object.keys(definitions.badges)) if (!state.has(name)) visit(name, []);
  return issues;
}
