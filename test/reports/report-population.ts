import type { MessageLinks } from '../../src/consent/build-links.js';
import type { Account, Profile } from '../../src/core/types.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { MetricState } from '../../src/engine/gamification/game-state.js';
import { periodOf } from '../../src/engine/gamification/local-periods.js';
import { buildReport, type Report } from '../../src/reports/build-report.js';
import type { PeriodComparisons } from '../../src/reports/report-source.js';
import { messageRenderContext } from '../../src/runtime/delivery/message-render-context.js';
import type { RenderContext } from '../../src/templates/render-context.js';

/**
 * What the report rendering test and `bench:reports` share: the moment a weekly report runs,
 * generated owners' stored metrics, and one report email's content and variables built as the
 * dispatcher builds them.
 */

/** Monday 09:00 UTC: the week of 9 March 2026 is reported. */
export const NOW = Date.parse('2026-03-16T09:00:00Z');
export const ZONE = 'UTC';

/** A small seeded generator (mulberry32): the same population every run. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ReportPeriods {
  /** The reported week (the last complete one at NOW). */
  week: number;
  month: number;
  quarter: number;
}

export function reportPeriods(now = NOW): ReportPeriods {
  return {
    week: periodOf(now, ZONE, 'week') - 1,
    month: periodOf(now, ZONE, 'month'),
    quarter: periodOf(now, ZONE, 'quarter'),
  };
}

/**
 * A metric's stored buckets: `value` in the reported week and `previous` in the one before, the
 * month to date at twice the week and the quarter at `quarterFactor` times it.
 */
export function weekMetric(
  periods: ReportPeriods,
  value: number,
  previous: number,
  quarterFactor: number,
): MetricState {
  return {
    day: [],
    week: [
      [periods.week, value],
      [periods.week - 1, previous],
    ],
    month: [[periods.month, value * 2]],
    quarter: [[periods.quarter, value * quarterFactor]],
    days: [],
  };
}

export interface ReportMessageInput {
  definitions: LoadedDefinitions;
  reportId: string;
  /** The recipient: for a user report, the owner too. */
  recipient: Profile;
  account: Account | null;
  /** The reported period and its comparisons. */
  period: number;
  compared: PeriodComparisons;
  links: MessageLinks;
  now?: number;
}

/**
 * One report email for one recipient as the dispatcher builds it: the report, then the message's
 * variables (the report's journey, no trigger, queued at `now`). `template` is null when the
 * report sends nothing (a skipped quiet period).
 */
export function reportMessage(input: ReportMessageInput): {
  content: Report;
  template: string | null;
  context: RenderContext | null;
} {
  const { definitions, reportId, recipient, account, now = NOW } = input;
  const unit = definitions.definitions.reports[reportId]!.unit;
  const content = buildReport({
    definitions: definitions.definitions,
    reportId,
    profile: unit === 'user' ? recipient : null,
    account,
    recipient,
    period: input.period,
    compared: input.compared,
    now,
  });
  if (content.template === null) return { content, template: null, context: null };
  const context = messageRenderContext({
    profile: recipient,
    account,
    definitions,
    now,
    trigger: null,
    journeyId: `report_${reportId}`,
    createdAt: now,
    links: input.links,
    workspaceName: 'Tasklane',
    report: content,
  });
  return { content, template: content.template, context };
}
