import type { AnalyticsContext } from './analytics-context.js';
import { iso } from './analytics-context.js';
import { runAnalytics } from './run-analytics.js';
import { sharedReads } from './shared-reads.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The dashboard's overview in one answer: activation, conversion and messages for the 30 days
 * ending today (UTC) and the 30 days before, and the retention table. The seven metrics share
 * their reads (shared-reads.ts): the profile rows, the activity days and the delivery log are
 * each read once, not once per metric. Each part is exactly the answer of its own route.
 */
export async function runOverview(ctx: AnalyticsContext) {
  // Activation and conversion read the same users: the conversion event's time read once for both.
  const declared = ctx.definitions.conversion;
  const shared = {
    ...ctx,
    store: sharedReads(ctx.store, {
      conversionEvent: declared?.kind === 'event' ? declared.event : null,
    }),
  };
  const to = day(ctx.now + DAY);
  const from = day(ctx.now - 29 * DAY);
  const previousFrom = day(ctx.now - 59 * DAY);
  const recent = { from, to };
  const before = { from: previousFrom, to: from };
  const [
    activation,
    activationBefore,
    conversion,
    conversionBefore,
    retention,
    messages,
    messagesBefore,
  ] = await Promise.all([
    runAnalytics('activation', shared, recent),
    runAnalytics('activation', shared, before),
    runAnalytics('conversion', shared, recent),
    runAnalytics('conversion', shared, before),
    runAnalytics('retention', shared, {}),
    runAnalytics('messages', shared, recent),
    runAnalytics('messages', shared, before),
  ]);
  return {
    metric: 'overview',
    asOf: iso(ctx.now),
    range: { from, to, previousFrom },
    current: { activation, conversion, messages },
    previous: {
      activation: activationBefore,
      conversion: conversionBefore,
      messages: messagesBefore,
    },
    retention,
  };
}
