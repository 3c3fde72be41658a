import { ENGAGEMENT_STAGES } from './engagement-stages.js';
import type { Journey, Trigger } from './journey-types.js';
import type { Path } from './rule-walk.js';
import type { Definitions } from './schema.js';
import { walkSteps } from './step-walk.js';
import { formatPath } from './rule-walk.js';
import { unknownName } from './suggest.js';

interface Issue {
  path: Path;
  message: string;
}

/**
 * What the journeys schema cannot check alone: names that a trigger uses are defined, step ids
 * are unique within their journey (runs find their place by id), and a branch path that matches
 * everyone comes last. Rules inside journeys are checked with every other rule (rule-walk.ts).
 */
export function checkJourneyReferences(definitions: Definitions): Issue[] {
  const issues: Issue[] = [];
  for (const [id, journey] of Object.entries(definitions.journeys)) {
    const at: Path = ['journeys', id];
    checkTrigger(journey.trigger, [...at, 'trigger'], definitions, issues);
    checkSteps(journey, at, issues);
  }
  return issues;
}

function checkSteps(journey: Journey, at: Path, issues: Issue[]): void {
  const seen = new Map<string, Path>();
  walkSteps(journey.steps, [...at, 'steps'], (step, path) => {
    const first = seen.get(step.id);
    if (first) {
      issues.push({
        path: [...path, 'id'],
        message: `step id "${step.id}" is already used at ${formatPath(first)}; step ids must be unique within a journey`,
      });
    } else seen.set(step.id, path);
    if ('branch' in step) {
      step.branch.forEach((branch, i) => {
        if (i < step.branch.length - 1 && !branch.when && !branch.where)
          issues.push({
            path: [...path, 'branch', i],
            message:
              'a path without when or where matches everyone, so the paths after it never run; put it last',
          });
      });
    }
  });
}

function checkTrigger(trigger: Trigger, at: Path, definitions: Definitions, issues: Issue[]) {
  const report = (key: Path, message: string) => issues.push({ path: [...at, ...key], message });
  const names = (value: string[] | true, known: string[], kind: string, key: string) => {
    if (value === true) return;
    value.forEach((name, i) => {
      if (!known.includes(name))
        report(value.length > 1 ? [key, i] : [key], unknownName(kind, name, known));
    });
  };
  const personas = Object.values(definitions.personas).flatMap(({ rules }) =>
    rules.map((rule) => rule.persona),
  );
  const thresholds = (key: Path, threshold: string) => {
    const known = Object.keys(definitions.score?.thresholds ?? {});
    if (!definitions.score) report(key, 'score_crossed needs a score section with thresholds');
    else if (!known.includes(threshold))
      report(key, unknownName('score threshold', threshold, known));
  };

  if ('milestone' in trigger)
    names(trigger.milestone, Object.keys(definitions.milestones), 'milestone', 'milestone');
  if ('persona_changed' in trigger)
    names(trigger.persona_changed, personas, 'persona', 'persona_changed');
  if ('segment_entered' in trigger || 'segment_exited' in trigger) {
    const key = 'segment_entered' in trigger ? 'segment_entered' : 'segment_exited';
    const name = 'segment_entered' in trigger ? trigger.segment_entered : trigger.segment_exited;
    if (!definitions.segments[name])
      report([key], unknownName('segment', name, Object.keys(definitions.segments)));
  }
  if ('stage_changed' in trigger && trigger.stage_changed !== true) {
    trigger.stage_changed.forEach((stage, i) => {
      const section = (ENGAGEMENT_STAGES as readonly string[]).includes(stage)
        ? 'engagement'
        : 'lifecycle';
      const rules = definitions[section];
      const where = trigger.stage_changed !== true && trigger.stage_changed.length > 1;
      const key: Path = where ? ['stage_changed', i] : ['stage_changed'];
      if (!rules) report(key, `stage "${stage}" needs a ${section} section`);
      else if (!rules.some((rule) => rule.stage === stage))
        report(key, `no ${section} rule sets stage "${stage}"`);
    });
  }
  if ('activated' in trigger && !definitions.activation)
    report(['activated'], 'activated needs an activation section');
  if ('score_crossed' in trigger) thresholds(['score_crossed'], trigger.score_crossed);
  if ('account' in trigger && 'score_crossed' in trigger.account)
    thresholds(['account', 'score_crossed'], trigger.account.score_crossed);
}
