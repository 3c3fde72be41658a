import type { ReferenceIssue } from '../cross-references.js';
import type { Definitions } from '../schema.js';
import { unknownName } from '../suggest.js';
import { reportJourneyId } from './report-schema.js';

/**
 * What the reports schema cannot check alone: the journey id a report runs as is free, the
 * metrics it reads exist, recipients are only for account reports. Rules, the topic and the
 * templates are checked on the report's journey, with paths moved back to the report.
 */
export function checkReportReferences(definitions: Definitions): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const metrics = Object.keys(definitions.metrics);
  for (const [id, report] of Object.entries(definitions.reports)) {
    const journey = reportJourneyId(id);
    if (Object.hasOwn(definitions.journeys, journey))
      issues.push({
        path: ['reports', id],
        message: `a report runs as the journey "${journey}", which journeys already defines: rename one`,
      });
    if (report.unit === 'user' && report.recipients)
      issues.push({
        path: ['reports', id, 'recipients'],
        message:
          'recipients are for account reports (unit: account); a user report goes to the user',
      });
    report.active_when?.forEach((metric, index) => {
      if (!Object.hasOwn(definitions.metrics, metric))
        issues.push({
          path: ['reports', id, 'active_when', index],
          message: unknownName('metric', metric, metrics),
        });
    });
    if (report.leaderboard && !Object.hasOwn(definitions.metrics, report.leaderboard.metric))
      issues.push({
        path: ['reports', id, 'leaderboard', 'metric'],
        message: unknownName('metric', report.leaderboard.metric, metrics),
      });
    if (report.leaderboard && !definitions.peers)
      issues.push({
        path: ['reports', id, 'leaderboard'],
        message: 'a leaderboard ranks peers: declare peers (cohort, min_size) first',
      });
  }
  return issues;
}
