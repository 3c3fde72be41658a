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
 * Computes one metric from what the store holds now. Throws AnalyticsInputError for a
 * parameter it cannot use (HTTP 400 naming the field).
 */
export function runAnalytics(
  metric: MetricName,
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  return RUNNERS[metric](ctx, raw);
}
