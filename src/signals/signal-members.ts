import { activityDefinition } from '../analytics/activity-definition.js';
import { signupEventOf } from '../analytics/analytics-context.js';
import { integer, list, timeRange, type RawParams } from '../analytics/params.js';
import type { JsonObject } from '../core/types.js';
import { earlyRuleNames, earlyRuleReadsProfile } from './early-rule.js';
import { loadEarlyActions, loadUsers } from './load-users.js';
import { dayOver } from './outcomes.js';
import { accountTraitsById, inSplit, splitRule } from './run-signal.js';
import { durationParam } from './signal-params.js';
import { HOUR_MS, type SignalsContext } from './signals-context.js';

/** The parameters of `signal` that decide who is in each group of the 48-hour split. */
export const SPLIT_PARAMS = ['segment', 'rule', 'window', 'days', 'from', 'to'] as const;

export type SplitGroupKey = 'matched' | 'not_matched';

/**
 * The users (profile ids, ascending) of each group of the 48-hour split, as `signal` (run-signal.ts)
 * forms them: the same population (signed up in the range, day N over), the same rule
 * (`splitRule`: the segment's or the one given) read by the same test (`inSplit`) as of signup +
 * window. The parameters read are SPLIT_PARAMS, with signal's defaults and bounds.
 */
export async function signalGroupMembers(
  ctx: SignalsContext,
  raw: RawParams,
): Promise<Record<SplitGroupKey, string[]>> {
  const { definitions } = ctx;
  const window = durationParam(raw, 'window', 48 * HOUR_MS, HOUR_MS, 14 * 24 * HOUR_MS);
  const days = integer(raw, 'days', 30, 1, 365);
  const range = timeRange(raw, ctx.now, 365);
  // Who is in the population does not depend on what counts as activity: the default is read.
  const activity = activityDefinition(list(raw, 'activity'), signupEventOf(definitions));
  const split = splitRule(ctx, raw);
  const readsProfile = earlyRuleReadsProfile(split.rule, definitions);
  const [all, actions, accountTraits] = await Promise.all([
    loadUsers(ctx, range, activity, days, false, {
      profiles: readsProfile,
      firstDays: false,
      onDay: false,
    }),
    loadEarlyActions(ctx, window, earlyRuleNames(split.rule, definitions)),
    readsProfile ? accountTraitsById(ctx) : Promise.resolve(new Map<string, JsonObject>()),
  ]);
  return splitGroups(
    all
      .filter((u) => dayOver(u, days, ctx.now))
      .map((u) => ({
        id: u.id,
        matched: inSplit(ctx, split.rule, window, u, actions, accountTraits),
      })),
  );
}

/** The users of each side of the split (ids ascending), from each user's side. */
export function splitGroups(
  sides: readonly { id: string; matched: boolean }[],
): Record<SplitGroupKey, string[]> {
  const members: Record<SplitGroupKey, string[]> = { matched: [], not_matched: [] };
  for (const { id, matched } of sides) members[matched ? 'matched' : 'not_matched'].push(id);
  members.matched.sort();
  members.not_matched.sort();
  return members;
}
