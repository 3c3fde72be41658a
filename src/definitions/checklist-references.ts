import { DEFAULT_CHECKLIST } from './checklist.js';
import type { Path } from './rule-walk.js';
import type { Definitions } from './schema.js';
import { unknownName } from './suggest.js';

interface Issue {
  path: Path;
  message: string;
}

/**
 * The checklist's lists are named after personas (or `default`), and each item after a defined
 * milestone: a misspelt persona would be a list nobody ever sees, a misspelt milestone an item
 * nobody can ever complete.
 */
export function checkChecklistReferences(definitions: Definitions): Issue[] {
  const issues: Issue[] = [];
  const personas = Object.values(definitions.personas).flatMap(({ rules }) =>
    rules.map((rule) => rule.persona),
  );
  const milestones = Object.keys(definitions.milestones);
  for (const [name, items] of Object.entries(definitions.checklist)) {
    if (name !== DEFAULT_CHECKLIST && !personas.includes(name))
      issues.push({
        path: ['checklist', name],
        message: `${unknownName('persona', name, personas)} (or use "${DEFAULT_CHECKLIST}")`,
      });
    items.forEach((item, index) => {
      if (!definitions.milestones[item.milestone])
        issues.push({
          path: ['checklist', name, index, 'milestone'],
          message: unknownName('milestone', item.milestone, milestones),
        });
    });
  }
  return issues;
}
