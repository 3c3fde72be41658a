import type { Account, Profile } from '../../core/types.js';
import type { Definitions } from '../../definitions/index.js';
import { reportJourneyId } from '../../definitions/reports/report-schema.js';
import { periodEnd } from '../gamification/local-periods.js';
import { JOURNEY_SCHEDULED } from '../journeys/occurrences.js';
import type { Occurrence } from '../journeys/types.js';
import {
  accountOwner,
  reportedPeriod,
  reportedPeriodLabel,
  userOwner,
  wasActive,
} from './report-period.js';

/** The report a scheduled journey runs, if it is one. */
export function reportOfJourney(definitions: Definitions, journeyId: string): string | null {
  for (const id of Object.keys(definitions.reports))
    if (reportJourneyId(id) === journeyId) return id;
  return null;
}

/**
 * A report's scheduled moment for one recipient. Its key names the period reported, not the
 * moment: the run id derives from it, so a recipient gets one report per period even if the
 * moment fires again (a restart mid-page, a reload, an edited schedule). `active` chooses the
 * branch (report or inactive variant); `owner` and `period` say what the email reports on.
 * Null when there is nothing to report on: an account report for a user without an account, or
 * a period that ended before the owner was first seen — someone who signs up on a Monday before
 * the report's hour gets no report (not even the quiet-week variant) on the week before they
 * existed. An account is first seen with its first member.
 */
export function reportOccurrence(
  definitions: Definitions,
  reportId: string,
  at: number,
  profile: Profile,
  accounts: ReadonlyMap<string, Account>,
): Occurrence | null {
  const report = definitions.reports[reportId]!;
  let owner;
  let firstSeen: number;
  if (report.unit === 'user') {
    owner = userOwner(definitions, profile);
    firstSeen = profile.firstSeen;
  } else {
    const account = profile.accounts.length ? accounts.get(profile.accounts[0]!) : undefined;
    if (!account) return null;
    owner = accountOwner(definitions, account);
    firstSeen = account.firstSeen;
  }
  const period = reportedPeriod(report, owner, at);
  if (firstSeen >= periodEnd(period, owner.zone, report.period)) return null;
  const label = reportedPeriodLabel(report, period);
  return {
    key: `report/${reportId}/${owner.id}/${label}`,
    name: JOURNEY_SCHEDULED,
    properties: {
      journey: reportJourneyId(reportId),
      report: reportId,
      unit: report.unit,
      owner: owner.id,
      period: label,
      active: wasActive(definitions, report, owner, period),
    },
    timestamp: at,
    imported: false,
    account: null,
    cause: null,
  };
}
