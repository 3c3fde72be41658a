import type { AnalyticsAnswer } from '../analytics/analytics-context.js';
import type { RawParams } from '../analytics/params.js';
import { runAudit } from './run-audit.js';
import { runChurnRisk } from './run-churn-risk.js';
import { runSignal } from './run-signal.js';
import type { SignalName } from './signal-params.js';
import type { SignalsContext } from './signals-context.js';

const RUNNERS: Record<
  SignalName,
  (ctx: SignalsContext, raw: RawParams) => Promise<AnalyticsAnswer<unknown>>
> = {
  signal: runSignal,
  audit: runAudit,
  'churn-risk': runChurnRisk,
};

/**
 * Computes one signal from what the store holds now. Throws AnalyticsInputError for a
 * parameter it cannot use (HTTP 400 naming the field).
 */
export function runSignals(
  name: SignalName,
  ctx: SignalsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  return RUNNERS[name](ctx, raw);
}
