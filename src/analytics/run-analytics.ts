import type { AnalyticsAnswer, AnalyticsContext } from './analytics-context.js';
import type { MetricName, RawParams } from './params.js';
import { runActivation, runConversion } from './run-activation.js';
import { runAdoption, runLifecycle, runMessages } from './run-others.js';
import { runRetention } from './run-retention.js';

const RUNNERS: Record<
  MetricName,
  (ctx: AnalyticsContext, raw: RawParams) => Promise<AnalyticsAnswer<unknown>>
> = {
  activation: runActivation,
  conversion: runConversion,
  retention: runRetention,
  adoption: runAdoption,
  lifecycle: runLifecycle,
  messages: runMessages,
};

/**
 * What every answer says of its calendar and its freshness. Cairn has no workspace time zone
 * setting: days, weeks and months are UTC ones (see periods.ts), and dates given without a time
 * are read as UTC midnight.
 */
export const COMMON_DEFINITIONS = {
  timeZone:
    'UTC: days start at 00:00 UTC, weeks are ISO weeks (Monday to Sunday, UTC), months are UTC calendar months; dates without a time are UTC midnight',
  freshness:
    'computed from what is committed at the time of the call (asOf): an event counts as soon as its write is acknowledged',
};

/**
 * Computes one metric from what the store holds now. Throws AnalyticsInputError for a
 * parameter it cannot use (HTTP 400 naming the field).
 */
export async function runAnalytics(
  metric: MetricName,
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  const answer = await RUNNERS[metric](ctx, raw);
  return { ...answer, definitions: { ...answer.definitions, ...COMMON_DEFINITIONS } };
}
