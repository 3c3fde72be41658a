import { z } from 'zod';
import { cronSchema } from '../cron.js';
import { expecting } from '../error-map.js';
import { goalSchema } from '../journey-conditions.js';
import { prioritySchema } from '../journey-steps.js';
import { nameSchema, oneOrMany, strictObject, textSchema } from '../primitives.js';
import { ruleSchema } from '../rule.js';
import { unitSchema } from '../gamification/periods.js';

const templateId = nameSchema.describe('A template id (templates/<id>.*.liquid)');

/**
 * A scheduled usage report: one email per recipient per period, written for the owner's
 * engagement stage. It runs as a scheduled journey (`report_<id>`), so its audience, holdout,
 * goal and runs are a journey's (see report-journeys.ts).
 *
 *     weekly_user:
 *       schedule: '0 9 * * mon'      # Monday 09:00 in each recipient's time zone
 *       period: week                 # the last complete week on the owner's clock
 *       template: weekly_report
 *       inactive: { template: weekly_reengage }   # or skip (default)
 *       holdout: 0.1
 *       goal: { rule: { active_days: { at_least: 1, within: 7d } }, within: 7d }
 */
export const reportSchema = strictObject({
  name: textSchema.optional(),
  description: textSchema.optional(),
  enabled: z.boolean({ error: expecting('true or false') }).default(true),
  draft: z.boolean({ error: expecting('true or false') }).default(false),
  unit: unitSchema.default('user').describe('Whose usage: a user, or their account'),
  recipients: strictObject({
    role: oneOrMany(z.string().min(1, 'expected a role'), 'role'),
    trait: z.string().min(1, 'expected a trait name').default('role'),
  })
    .optional()
    .describe(
      'Account reports: the members who receive it, by the user trait holding their role ' +
        '(default { role: [admin, owner], trait: role })',
    ),
  schedule: cronSchema.describe('Cron, read on each recipient’s wall clock (0 9 * * mon)'),
  period: z
    .enum(['week', 'month', 'quarter'], { error: 'expected week, month or quarter' })
    .default('week')
    .describe('The period reported: the last complete one at the scheduled moment'),
  audience: ruleSchema.optional().describe('Who receives it (a rule; e.g. { segment: … })'),
  template: templateId,
  inactive: z
    .union([z.literal('skip'), strictObject({ template: templateId })], {
      error: (issue) =>
        issue.code === 'invalid_union' ? 'expected skip or { template: <template id> }' : undefined,
    })
    .default('skip')
    .describe('Owners with no activity in the period: nothing (skip) or another template'),
  active_when: z
    .array(nameSchema, { error: expecting('a list of metric names') })
    .optional()
    .describe('The metrics that count as activity (default: every metric)'),
  topic: nameSchema.optional().describe('The subscription topic (else the template’s)'),
  priority: prioritySchema.default('low'),
  holdout: z
    .number({ error: expecting('a share between 0 and 1 (0.1 = 10%)') })
    .min(0, 'expected a share between 0 and 1 (0.1 = 10%)')
    .max(1, 'expected a share between 0 and 1 (0.1 = 10%)')
    .default(0),
  goal: goalSchema.optional().describe('What a report should lead to, measured against holdout'),
  leaderboard: strictObject({
    metric: nameSchema,
    size: z
      .number({ error: expecting('a number') })
      .int()
      .min(1)
      .max(50)
      .default(5),
  })
    .optional()
    .describe('A ranking within the owner’s peer cohort, other entries anonymized'),
});

export const reportsSchema = z.record(nameSchema, reportSchema, {
  error: expecting('a mapping of report ids to { schedule, template, … }'),
});

export type ReportDefinition = z.output<typeof reportSchema>;

/** Who receives an account report when `recipients` says nothing. */
export const DEFAULT_RECIPIENTS = { role: ['admin', 'owner'], trait: 'role' };

/** The id of the scheduled journey a report runs as. */
export function reportJourneyId(reportId: string): string {
  return `report_${reportId}`;
}
