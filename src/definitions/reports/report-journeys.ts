import type { Journey, Step } from '../journey-types.js';
import type { Rule } from '../rule-types.js';
import type { Path } from '../rule-walk.js';
import type { Definitions } from '../schema.js';
import { DEFAULT_RECIPIENTS, reportJourneyId, type ReportDefinition } from './report-schema.js';

/**
 * A report runs as a scheduled journey, so that it is measured like one: the same schedule
 * timers per time zone, audience, entry, holdout group, goal and lift, the same delivery (caps,
 * quiet hours, topics, suppression). The schedule sweeper hands each recipient a report
 * occurrence whose key is the period (report-occurrence.ts): the run id derives from it, so a
 * recipient gets one report per period whatever restarts, reloads or schedule edits happen.
 *
 * The journey branches on the occurrence's `active` property: the report, else the inactive
 * variant or an exit.
 */
export function reportJourney(report: ReportDefinition): Journey {
  const send = (id: string, template: string): Step => ({
    id,
    send: {
      channel: 'email',
      template,
      ...(report.topic === undefined ? {} : { topic: report.topic }),
      transactional: false,
    },
  });
  const inactive: Step =
    report.inactive === 'skip'
      ? { id: 'no_activity', exit: 'no_activity' }
      : send('send_inactive', report.inactive.template);
  return {
    ...(report.name === undefined ? {} : { name: report.name }),
    ...(report.description === undefined ? {} : { description: report.description }),
    enabled: report.enabled,
    draft: report.draft,
    priority: report.priority,
    trigger: { schedule: report.schedule },
    ...audience(report),
    entry: { kind: 'every_time' },
    concurrent: true,
    holdout: report.holdout,
    ...(report.goal === undefined ? {} : { goal: report.goal }),
    exit_when: [],
    steps: [
      {
        id: 'activity',
        branch: [
          { where: { active: { equals: true } }, steps: [send('send_report', report.template)] },
          { steps: [inactive] },
        ],
      },
    ],
  };
}

/** The report's audience, and for an account report the recipient roles. */
function audience(report: ReportDefinition): { audience?: Rule } {
  if (report.unit === 'user') return report.audience ? { audience: report.audience } : {};
  const recipients = report.recipients ?? DEFAULT_RECIPIENTS;
  const role: Rule = { trait: recipients.trait, in: recipients.role };
  return { audience: report.audience ? { all: [report.audience, role] } : role };
}

/** The definitions with each report's journey added (ids checked free beforehand). */
export function withReportJourneys(definitions: Definitions): Definitions {
  const reports = Object.entries(definitions.reports);
  if (reports.length === 0) return definitions;
  const journeys = { ...definitions.journeys };
  for (const [id, report] of reports) journeys[reportJourneyId(id)] = reportJourney(report);
  return { ...definitions, journeys };
}

/**
 * An issue found in a report's journey, moved to where the report says it, so the error names
 * the line of `reports:` that caused it.
 */
export function reportPath(definitions: Definitions, path: Path): Path {
  if (path[0] !== 'journeys' || typeof path[1] !== 'string') return path;
  const id = Object.keys(definitions.reports).find((r) => reportJourneyId(r) === path[1]);
  if (id === undefined) return path;
  const report = definitions.reports[id]!;
  const rest = path.slice(2);
  const at = (...more: Path): Path => ['reports', id, ...more];
  if (rest[0] === 'audience') {
    if (report.unit === 'user') return at(...rest);
    if (!report.audience) return at('recipients');
    return rest[1] === 'all' && rest[2] === 0 ? at('audience', ...rest.slice(3)) : at('recipients');
  }
  if (rest[0] === 'goal') return at(...rest);
  if (rest.includes('topic')) return at('topic');
  if (rest.includes('send_inactive') || rest.at(-1) === 'template') return at('template');
  return at();
}
