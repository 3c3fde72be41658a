import { z } from 'zod';
import { expecting } from '../error-map.js';
import { nameSchema, strictObject, textSchema } from '../primitives.js';
import { unitSchema } from './periods.js';

/**
 * A ladder of levels. A user (or account) is at the highest step whose requirements — points
 * at least `points`, every listed milestone reached — hold together with every step below it.
 * Levels never go down: points and milestones only grow.
 *
 *     adoption:
 *       steps:
 *         - { name: Explorer }
 *         - { name: Builder, points: 100, milestones: [project_created] }
 *         - { name: Integrator, points: 300, milestones: [crm_connected] }
 */
export const levelStepSchema = strictObject({
  name: textSchema.min(1, 'expected a level name'),
  points: z
    .number({ error: expecting('a number of points') })
    .min(0)
    .optional(),
  milestones: z.array(nameSchema, { error: expecting('a list of milestone names') }).optional(),
  description: textSchema.optional(),
});

export const ladderSchema = strictObject({
  for: unitSchema.default('user'),
  steps: z
    .array(levelStepSchema, { error: expecting('a list of levels, lowest first') })
    .min(1, 'expected at least one level'),
  description: textSchema.optional(),
}).superRefine((ladder, issues) => {
  const names = new Set<string>();
  ladder.steps.forEach((step, index) => {
    if (names.has(step.name))
      issues.addIssue({
        code: 'custom',
        path: ['steps', index, 'name'],
        message: `level "${step.name}" is listed twice`,
      });
    names.add(step.name);
    const before = ladder.steps[index - 1]?.points ?? 0;
    if (index > 0 && (step.points ?? 0) < before)
      issues.addIssue({
        code: 'custom',
        path: ['steps', index, 'points'],
        message: `levels are listed lowest first: ${step.points ?? 0} points is below the previous level's ${before}`,
      });
  });
});

export const levelsSchema = z.record(nameSchema, ladderSchema, {
  error: expecting('a mapping of ladder names to { steps }'),
});

export type Ladder = z.output<typeof ladderSchema>;
