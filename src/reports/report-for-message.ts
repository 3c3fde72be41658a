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
  const about = reportOfTrigger(definitions, message.payload.trigger);
  if (!about) return null;
  const { reportId, period, props } = about;
  const report = definitions.reports[reportId]!;
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

/** What a report message's trigger names: the report, its period and the occurrence's fields. */
export function reportOfTrigger(
  definitions: Definitions,
  trigger: unknown,
): { reportId: string; period: number; props: Record<string, unknown> } | null {
  const props = (trigger as { properties?: Record<string, unknown> } | null | undefined)
    ?.properties;
  if (!props || typeof props.report !== 'string' || typeof props.period !== 'string') return null;
  const reportId = props.report;
  if (!Object.hasOwn(definitions.reports, reportId)) return null;
  const period = periodFromLabel(props.period, definitions.reports[reportId]!.period);
  return period === null ? null : { reportId, period, props };
}
