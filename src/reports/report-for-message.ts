import type { Account, Profile } from '../core/types.js';
import type { Definitions } from '../definitions/index.js';
import { periodFromLabel } from '../engine/gamification/local-periods.js';
import type { MessageRecord, Store } from '../store/store.js';
import { buildReport, type Report } from './build-report.js';
import type { ReportSource } from './report-source.js';

/**
 * The report a queued message carries, built when it is rendered: its run's occurrence names
 * the report, owner and period (report-occurrence.ts), so a retry, a restart or a preview of the
 * same message renders the same period. Null for any other message.
 */
export async function reportForMessage(
  source: ReportSource,
  store: Store,
  definitions: Definitions,
  message: Pick<MessageRecord, 'payload'>,
  recipient: { profile: Profile; account: Account | null },
  now: number,
): Promise<Report | null> {
  const trigger = message.payload.trigger as { properties?: Record<string, unknown> } | undefined;
  const props = trigger?.properties;
  if (!props || typeof props.report !== 'string' || typeof props.period !== 'string') return null;
  const reportId = props.report;
  if (!Object.hasOwn(definitions.reports, reportId)) return null;
  const report = definitions.reports[reportId]!;
  const period = periodFromLabel(props.period, report.period);
  if (period === null) return null;
  let account: Account | null = null;
  if (report.unit === 'account') {
    const owner = typeof props.owner === 'string' ? props.owner : null;
    account =
      owner === null
        ? null
        : recipient.account?.id === owner
          ? recipient.account
          : await store.getAccount(owner);
    if (!account) return null;
  }
  const compared = await source.comparisons(definitions, report.unit, report.period, period);
  return buildReport({
    definitions,
    reportId,
    profile: report.unit === 'user' ? recipient.profile : null,
    account,
    recipient: recipient.profile,
    period,
    compared,
    now,
  });
}
