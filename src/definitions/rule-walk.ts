import type { Definitions } from './schema.js';
import type { Rule } from './rule-types.js';
import { walkSteps } from './step-walk.js';

/** A position in the definitions: keys and list indexes, as in the YAML. */
export type Path = (string | number)[];

/** What evaluates rules, as a node of the dependency graph: `personas.behavior`, `lifecycle`,
 * `engagement` or `segments.high_intent`; or a journey (`journeys.day_1`), which reads state but
 * decides none, so nothing depends on it. */
export type RuleOwner = string;

export interface RuleSite {
  owner: RuleOwner;
  path: Path;
  rule: Rule;
}

/** Every top-level rule in the definitions, with its owner and its path. */
export function ruleSites(definitions: Definitions): RuleSite[] {
  const sites: RuleSite[] = [];
  for (const [dimension, { rules }] of Object.entries(definitions.personas)) {
    rules.forEach(({ when }, index) => {
      if (when)
        sites.push({
          owner: `personas.${dimension}`,
          path: ['personas', dimension, 'rules', index, 'when'],
          rule: when,
        });
    });
  }
  for (const section of ['lifecycle', 'engagement'] as const) {
    definitions[section]?.forEach(({ when }, index) => {
      if (when) sites.push({ owner: section, path: [section, index, 'when'], rule: when });
    });
  }
  for (const [name, { when }] of Object.entries(definitions.segments)) {
    sites.push({ owner: `segments.${name}`, path: ['segments', name, 'when'], rule: when });
  }
  // Badges read state like journeys do and decide none of it.
  for (const [name, { when }] of Object.entries(definitions.badges ?? {})) {
    if (when) sites.push({ owner: `badges.${name}`, path: ['badges', name, 'when'], rule: when });
  }
  for (const [id, journey] of Object.entries(definitions.journeys)) {
    const owner = `journeys.${id}`;
    const at = (path: Path, rule: Rule | undefined) => {
      if (rule) sites.push({ owner, path: ['journeys', id, ...path], rule });
    };
    at(['audience'], journey.audience);
    if (journey.goal && 'rule' in journey.goal) at(['goal', 'rule'], journey.goal.rule);
    journey.exit_when.forEach((condition, i) => {
      if ('rule' in condition) at(['exit_when', i, 'rule'], condition.rule);
    });
    walkSteps(journey.steps, ['steps'], (step, path) => {
      if ('wait_until' in step && 'rule' in step.wait_until)
        at([...path, 'wait_until', 'rule'], step.wait_until.rule);
      if ('branch' in step)
        step.branch.forEach((branch, i) => at([...path, 'branch', i, 'when'], branch.when));
    });
  }
  return sites;
}

/** Visits a rule and every rule nested in it (depth first), with their paths. */
export function walkRule(rule: Rule, path: Path, visit: (rule: Rule, path: Path) => void): void {
  visit(rule, path);
  if ('all' in rule) rule.all.forEach((child, i) => walkRule(child, [...path, 'all', i], visit));
  else if ('any' in rule)
    rule.any.forEach((child, i) => walkRule(child, [...path, 'any', i], visit));
  else if ('not' in rule) walkRule(rule.not, [...path, 'not'], visit);
}

/** Formats a path the way errors show it: `segments.high_intent.when.all[0].performed`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
