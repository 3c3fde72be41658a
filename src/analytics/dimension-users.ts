import type { AnalyticsUserRow } from '../store/analytics-store.js';
import type { AnalyticsContext } from './analytics-context.js';
import { dimensionNeeds, groupKeyer, type Dimension } from './dimension.js';

/**
 * The signed-up users with what a dimension needs read beside them (a trait, an account trait,
 * the stages at a date), and the key that puts each in its group.
 */
export async function dimensionUsers(
  ctx: AnalyticsContext,
  dimension: Dimension,
  events: { signupEvent: string | null; conversionEvent: string | null },
): Promise<{ users: AnalyticsUserRow[]; key: (u: AnalyticsUserRow) => string }> {
  const needs = dimensionNeeds(dimension);
  const [rows, stages] = await Promise.all([
    ctx.store.analyticsUsers({
      signupEvent: events.signupEvent,
      conversionEvent: events.conversionEvent,
      trait: needs.trait,
      accountTrait: needs.accountTrait,
    }),
    needs.stagesAt === null ? null : ctx.store.stagesAt(needs.stagesAt.kind, needs.stagesAt.at),
  ]);
  return { users: rows.filter((u) => u.signedUp), key: groupKeyer(dimension, stages) };
}
