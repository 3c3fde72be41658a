import { ENGAGEMENT_STAGES } from '../../definitions/engagement-stages.js';
import type { Rule } from '../../definitions/rule-types.js';
import { walkRule, type RuleOwner } from '../../definitions/rule-walk.js';

/**
 * What a rule owner's rules read, so that a run can tell which owners an event may affect. An
 * owner none of whose inputs changed, and whose recheck time has not come, would be evaluated to
 * the same answer and times: it keeps them without being evaluated.
 */
export interface OwnerInputs {
  /** The INPUT flags below. */
  flags: number;
  /** Event counters read (`performed` without a window, `first_performed`, `last_performed`). */
  counters: Set<string>;
  /** Events whose recent times are read (windowed `performed`). */
  recent: Set<string>;
  answers: Set<string>;
  milestones: Set<string>;
  /** Persona dimensions, stages and segments read. */
  owners: Set<RuleOwner>;
}

/** Inputs known by kind rather than by name. */
export const INPUT = {
  /** Profile traits (`trait`; the `timezone` trait also moves active days). */
  traits: 1,
  /** The user's accounts, their traits and scores: other members change them, so always. */
  accounts: 2,
  activation: 4,
  score: 8,
  signup: 16,
  lastSeen: 32,
  activeDays: 64,
} as const;

const ENGAGEMENT = new Set<string>(ENGAGEMENT_STAGES);

export function ownerInputs(rules: Rule[], personaDimension: Map<string, string>): OwnerInputs {
  const inputs: OwnerInputs = {
    flags: 0,
    counters: new Set(),
    recent: new Set(),
    answers: new Set(),
    milestones: new Set(),
    owners: new Set(),
  };
  const add = (set: Set<string>, names: string[]) => names.forEach((name) => set.add(name));
  for (const top of rules) {
    walkRule(top, [], (rule) => {
      if ('trait' in rule) inputs.flags |= INPUT.traits;
      else if ('account_trait' in rule || 'account_score' in rule) inputs.flags |= INPUT.accounts;
      else if ('answer' in rule) inputs.answers.add(rule.answer);
      else if ('performed' in rule)
        add(rule.within === undefined ? inputs.counters : inputs.recent, rule.performed);
      else if ('first_performed' in rule) {
        add(inputs.counters, rule.first_performed);
        if (rule.within_signup !== undefined) inputs.flags |= INPUT.signup;
      } else if ('last_performed' in rule) add(inputs.counters, rule.last_performed);
      else if ('milestone' in rule) {
        inputs.milestones.add(rule.milestone);
        if (rule.within_signup !== undefined) inputs.flags |= INPUT.signup;
      } else if ('activated' in rule) inputs.flags |= INPUT.activation;
      else if ('persona' in rule) {
        for (const name of rule.persona) {
          const dimension = personaDimension.get(name);
          if (dimension !== undefined) inputs.owners.add(`personas.${dimension}`);
        }
      } else if ('stage' in rule) {
        for (const name of rule.stage)
          inputs.owners.add(ENGAGEMENT.has(name) ? 'engagement' : 'lifecycle');
      } else if ('segment' in rule) inputs.owners.add(`segments.${rule.segment}`);
      else if ('score' in rule) inputs.flags |= INPUT.score;
      else if ('signed_up' in rule) inputs.flags |= INPUT.signup;
      else if ('last_seen' in rule) inputs.flags |= INPUT.lastSeen;
      else if ('active_days' in rule) inputs.flags |= INPUT.activeDays;
    });
  }
  return inputs;
}
