import { runLift } from '../../analytics/lift/run-lift.js';
import { METRICS, type MetricName, type RawParams } from '../../analytics/params.js';
import { runAnalytics } from '../../analytics/run-analytics.js';
import { runOverview } from '../../analytics/run-overview.js';
import type { Definitions } from '../../definitions/index.js';
import { auditMembers, auditMembersOf } from '../../signals/audit-members.js';
import { runAudit } from '../../signals/run-audit.js';
import { runSignal } from '../../signals/run-signal.js';
import { runSignals } from '../../signals/run-signals.js';
import { signalGroupMembers, splitGroups } from '../../signals/signal-members.js';
import { SIGNALS, type SignalName } from '../../signals/signal-params.js';
import type { Store } from '../../store/store.js';
import { auditMembersKey, MEMBER_ROUTES, splitMembersKey } from '../analysis-members.js';
import type { Also } from '../answer-cache.js';

/** Where the analysis routes are served (routes/analytics.ts, signals.ts, lift.ts). */
export const ANALYTICS_PREFIX = '/api/analytics/';

/** What an analysis reads: the store, the definitions in force and the instant it describes. */
export interface AnalysisInput {
  store: Store;
  definitions: Definitions;
  now: number;
}

/**
 * Computes the answer of the analysis route at `path` for its query, one string per parameter:
 * `/api/analytics/<name>`, and the lists of the units behind the Signals page's numbers asked
 * for on their own. The one place that says how each analysis route computes, used in the HTTP
 * process and in the analysis worker alike (runner.ts). The split and the audit give the units
 * behind their numbers as by-products (`also`, under the keys the lists' routes read:
 * analysis-members.ts). An unusable parameter throws `AnalyticsInputError` (a 400 naming it).
 */
export function computeAnalysis(
  path: string,
  raw: Record<string, string>,
  { store, definitions, now }: AnalysisInput,
  also: Also,
): Promise<object> {
  const name = path.startsWith(ANALYTICS_PREFIX) ? path.slice(ANALYTICS_PREFIX.length) : '';
  const params = raw as RawParams;
  if (name === 'overview') return runOverview({ store: store.analytics, definitions, now });
  if (name === 'lift') return runLift({ store, definitions, now }, raw);
  if ((METRICS as readonly string[]).includes(name)) {
    return runAnalytics(name as MetricName, { store: store.analytics, definitions, now }, params);
  }
  const ctx = { analytics: store.analytics, signals: store.signals, definitions, now };
  if ((SIGNALS as readonly string[]).includes(name)) {
    if (name === 'signal')
      return runSignal(ctx, params, (sides) =>
        also(splitMembersKey(raw), { groups: splitGroups(sides) }),
      );
    if (name === 'audit')
      return runAudit(ctx, params, (units, share) =>
        also(auditMembersKey(raw), auditMembersOf(units, share)),
      );
    return runSignals(name as SignalName, ctx, params);
  }
  // The units behind the Signals page's numbers, computed on their own (routes/signal-users.ts).
  if (path === MEMBER_ROUTES.split)
    return signalGroupMembers(ctx, params).then((groups) => ({ groups }));
  if (path === MEMBER_ROUTES.auditUsers || path === MEMBER_ROUTES.auditAccounts)
    return auditMembers(ctx, params);
  return Promise.reject(new Error(`no analysis is served at ${path}`));
}
