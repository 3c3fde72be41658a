import type { AnalyticsUserParts, AnalyticsUserRow } from '../store/analytics-store.js';
import type { AnalyticsContext } from './analytics-context.js';
import { dimensionNeeds, groupKeyer, type Dimension } from './dimension.js';

/**
 * The signed-up users with what a dimension needs read beside them (a trait, an account trait,
 * the stages at a date), and the key that puts each in its group. With `narrow`, only the parts
 * of each row the metric and the dimension's key look at are read (`only`: the milestones when
 * `narrow.milestones`, one persona, one first touch field, one stage); without it, every part.
 */
export async function dimensionUsers(
  ctx: AnalyticsContext,
  dimension: Dimension,
  events: { signupEvent: string | null; conversionEvent: string | null },
  narrow?: { milestones: boolean },
): Promise<{ users: AnalyticsUserRow[]; key: (u: AnalyticsUserRow) => string }> {
  const needs = dimensionNeeds(dimension);
  const [rows, stages] = await Promise.all([
    ctx.store.analyticsUsers({
      signupEvent: events.signupEvent,
      conversionEvent: events.conversionEvent,
      trait: needs.trait,
      accountTrait: needs.accountTrait,
      ...(narrow ? { only: { milestones: narrow.milestones, ...keyParts(dimension) } } : {}),
    }),
    needs.stagesAt === null ? null : ctx.store.stagesAt(needs.stagesAt.kind, needs.stagesAt.at),
  ]);
  return { users: rows.filter((u) => u.signedUp), key: groupKeyer(dimension, stages) };
}

/** The parts of a user row the dimension's key reads besides id, signup and traits (groupKeyer). */
function keyParts(dimension: Dimension): Omit<AnalyticsUserParts, 'milestones'> {
  return {
    persona: dimension.kind === 'persona' ? dimension.dimension : null,
    touch: dimension.kind === 'first_touch' ? dimension.field : null,
    stage: dimension.kind === 'stage' && dimension.at === null ? dimension.stage : null,
  };
}
