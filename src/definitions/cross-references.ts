import { checkChecklistReferences } from './checklist-references.js';
import { dependencyGraph } from './dependency-graph.js';
import { checkJourneyReferences } from './journey-references.js';
import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import { ruleSites, walkRule, type Path } from './rule-walk.js';
import type { Rule } from './rule-types.js';
import type { Definitions } from './schema.js';
import { unknownName } from './suggest.js';
import { checkTopicReferences } from './topic-references.js';
import { checkGamificationReferences } from './gamification/gamification-references.js';

export interface ReferenceIssue {
  path: Path;
  message: string;
}

/**
 * Checks what the schema cannot: that names used in one section are defined in another, that
 * answers are allowed ones, that persona names are unique, that rules do not read each other
 * in a circle, what journeys refer to (journey-references.ts), the topics of send steps
 * (topic-references.ts) and the checklist's personas and milestones (checklist-references.ts). Runs on definitions that passed the schema.
 */
export function checkReferences(definitions: Definitions): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const milestones = Object.keys(definitions.milestones);

  definitions.activation?.milestones.forEach((name, index) => {
    if (!definitions.milestones[name]) {
      issues.push({
        path: ['activation', 'milestones', index],
        message: unknownName('milestone', name, milestones),
      });
    }
  });

  const personaDimension = new Map<string, string>();
  for (const [dimension, { rules }] of Object.entries(definitions.personas)) {
    rules.forEach(({ persona }, index) => {
      const other = personaDimension.get(persona);
      if (other && other !== dimension) {
        issues.push({
          path: ['personas', dimension, 'rules', index, 'persona'],
          message: `persona "${persona}" is already a persona of ${other}; persona names must be unique across dimensions`,
        });
      } else personaDimension.set(persona, dimension);
    });
  }

  const context = { definitions, milestones, personas: [...personaDimension.keys()], issues };
  for (const site of ruleSites(definitions))
    walkRule(site.rule, site.path, (rule, path) => checkRule(rule, path, context));

  for (const { path, cycle } of dependencyGraph(definitions).cycles) {
    issues.push({ path, message: `circular reference: ${cycle.join(' → ')}` });
  }
  issues.push(...checkJourneyReferences(definitions));
  issues.push(...checkTopicReferences(definitions));
  issues.push(...checkChecklistReferences(definitions));
  issues.push(...checkGamificationReferences(definitions));
  return issues;
}

interface Context {
  definitions: Definitions;
  milestones: string[];
  personas: string[];
  issues: ReferenceIssue[];
}

function checkRule(
  rule: Rule,
  path: Path,
  { definitions, milestones, personas, issues }: Context,
): void {
  const report = (key: string | number | Path, message: string) =>
    issues.push({ path: [...path, ...(Array.isArray(key) ? key : [key])], message });

  if ('milestone' in rule && !definitions.milestones[rule.milestone]) {
    report('milestone', unknownName('milestone', rule.milestone, milestones));
  }
  if ('persona' in rule) {
    rule.persona.forEach((name, i) => {
      if (!personas.includes(name))
        report(
          rule.persona.length > 1 ? ['persona', i] : 'persona',
          unknownName('persona', name, personas),
        );
    });
  }
  if ('segment' in rule && !definitions.segments[rule.segment]) {
    report('segment', unknownName('segment', rule.segment, Object.keys(definitions.segments)));
  }
  if ('stage' in rule) {
    rule.stage.forEach((stage, i) => {
      const section = (ENGAGEMENT_STAGES as readonly string[]).includes(stage)
        ? 'engagement'
        : 'lifecycle';
      const rules = definitions[section];
      const where = rule.stage.length > 1 ? ['stage', i] : 'stage';
      if (!rules) report(where, `stage "${stage}" needs a ${section} section`);
      else if (!rules.some((r) => r.stage === stage))
        report(where, `no ${section} rule sets stage "${stage}"`);
    });
  }
  if ('answer' in rule) {
    const question = definitions.qualifier?.questions[rule.answer];
    if (!question) {
      report(
        'answer',
        unknownName(
          'qualifier question',
          rule.answer,
          Object.keys(definitions.qualifier?.questions ?? {}),
        ),
      );
    } else {
      const allowed = question.answers;
      const check = (value: string, where: Path) => {
        if (!allowed.includes(value))
          report(
            where,
            `"${value}" is not an answer of ${rule.answer}; allowed: ${allowed.join(', ')}`,
          );
      };
      if (rule.equals !== undefined) check(rule.equals, ['equals']);
      rule.in?.forEach((value, i) => check(value, ['in', i]));
    }
  }
  if (('score' in rule || 'account_score' in rule) && !definitions.score) {
    report(
      'score' in rule ? 'score' : 'account_score',
      'score rules need a score section (weights and half_life)',
    );
  }
  if ('activated' in rule && !definitions.activation) {
    report('activated', 'activated needs an activation section');
  }
}
