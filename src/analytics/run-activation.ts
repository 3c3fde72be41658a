import { activationGroups } from './activation.js';
import { AnalyticsInputError } from './analytics-input-error.js';
import {
  iso,
  signupDefinition,
  signupEventOf,
  type AnalyticsAnswer,
  type AnalyticsContext,
} from './analytics-context.js';
import { conversionGroups } from './conversion.js';
import { describeDimension, parseDimension } from './dimension.js';
import { dimensionUsers } from './dimension-users.js';
import { funnel, type FunnelOrder } from './funnel.js';
import { groupBy } from './group-users.js';
import { checkKnown, list, minSize, oneOf, timeRange, type RawParams } from './params.js';
import type { AnalyticsUserRow } from '../store/analytics-store.js';
import type { Dimension } from './dimension.js';

const DEFAULT_DAYS = 90;

async function signedUpUsers(
  ctx: AnalyticsContext,
  dimension: Dimension,
  range: { from: number; to: number },
  conversionEvent: string | null,
  milestones: boolean,
): Promise<{ users: AnalyticsUserRow[]; key: (u: AnalyticsUserRow) => string }> {
  // Only what the metric and the breakdown look at: no profile document, no first touch object
  // per user (each holds its own time), the milestones only for activation's funnel.
  const { users, key } = await dimensionUsers(
    ctx,
    dimension,
    { signupEvent: signupEventOf(ctx.definitions), conversionEvent },
    { milestones },
  );
  return { users: users.filter((u) => u.signupAt >= range.from && u.signupAt <= range.to), key };
}

/** `activation`: rate per group, time to first value, and the funnel over the milestones. */
export async function runActivation(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('activation', raw);
  const activation = ctx.definitions.activation;
  if (!activation) {
    throw new AnalyticsInputError('activation', 'cairn.yaml defines no activation rule');
  }
  const range = timeRange(raw, ctx.now, DEFAULT_DAYS);
  const dimension = parseDimension(raw.by);
  const min = minSize(raw);
  const order = oneOf<FunnelOrder>(raw, 'funnel', ['ordered', 'any'], 'ordered');
  const steps = list(raw, 'steps') ?? activation.milestones;
  for (const step of steps) {
    if (!Object.hasOwn(ctx.definitions.milestones, step)) {
      throw new AnalyticsInputError(
        'steps',
        `no milestone named ${JSON.stringify(step)} in cairn.yaml`,
      );
    }
  }
  const { users, key } = await signedUpUsers(ctx, dimension, range, null, true);
  const within = activation.within ?? null;
  const { overall, groups } = activationGroups(users, key, { within, minSize: min, now: ctx.now });
  const byGroup = (list: AnalyticsUserRow[]) => funnel(list, steps, order, min);
  // Each user's group is worked out once (a cohort's label formats a date), not once per group.
  const funnels =
    dimension.kind === 'none'
      ? []
      : groupBy(users, key).map(([k, list]) => ({ key: k, steps: byGroup(list) }));
  return {
    metric: 'activation',
    asOf: iso(ctx.now),
    range: { from: iso(range.from), to: iso(range.to) },
    filters: { by: describeDimension(dimension), min_size: min, funnel: order, steps },
    definitions: {
      population: `${signupDefinition(ctx.definitions)}, signed up in the range`,
      activated: `all of [${activation.milestones.join(', ')}] reached${within === null ? '' : ` within ${within / 3_600_000} h of signup`} (the engine's activation state)`,
      pending:
        within === null
          ? 'none (no time limit)'
          : 'not activated yet with the activation window still open: left out of the rate',
      timeToValue:
        'activation time minus signup time, over activated users (median, p75, p90 by linear interpolation)',
      interval: 'Wilson score interval, 95 %',
      minSize: `groups under ${min} users show counts, not a rate`,
      funnel:
        order === 'ordered'
          ? 'milestones reached in the listed order'
          : 'milestones reached in any order',
    },
    result: { overall, groups, funnel: byGroup(users), funnels },
  };
}

/** `conversion` (trial → paid) as declared in cairn.yaml: rate and time to convert per group. */
export async function runConversion(
  ctx: AnalyticsContext,
  raw: RawParams,
): Promise<AnalyticsAnswer<unknown>> {
  checkKnown('conversion', raw);
  const conversion = ctx.definitions.conversion;
  if (!conversion) {
    throw new AnalyticsInputError(
      'conversion',
      'cairn.yaml declares no conversion (conversion: { event } or { trait, in })',
    );
  }
  const range = timeRange(raw, ctx.now, DEFAULT_DAYS);
  const dimension = parseDimension(raw.by);
  const min = minSize(raw);
  const event = conversion.kind === 'event' ? conversion.event : null;
  const { users, key } = await signedUpUsers(ctx, dimension, range, event, false);
  const convertedAt = new Map<string, number>();
  if (conversion.kind === 'event') {
    for (const u of users)
      if (u.conversionEventAt !== null) convertedAt.set(u.id, u.conversionEventAt);
  } else {
    const matched = await ctx.store.traitFirstMatch(conversion.trait, conversion.values);
    for (const u of users) {
      const at = matched.get(u.id);
      if (at !== undefined) convertedAt.set(u.id, at);
    }
  }
  const { overall, groups } = conversionGroups(users, convertedAt, key, min);
  return {
    metric: 'conversion',
    asOf: iso(ctx.now),
    range: { from: iso(range.from), to: iso(range.to) },
    filters: { by: describeDimension(dimension), min_size: min },
    definitions: {
      population: `${signupDefinition(ctx.definitions)}, signed up in the range`,
      converted:
        conversion.kind === 'event'
          ? `performed "${conversion.event}"; conversion time: its first time`
          : `an identify call set trait "${conversion.trait}" to one of ${JSON.stringify(conversion.values)}; conversion time: the first such call`,
      timeToConvert:
        'conversion time minus signup time (0 when converted before signup), over converted users',
      interval: 'Wilson score interval, 95 %',
      minSize: `groups under ${min} users show counts, not a rate`,
    },
    result: { overall, groups },
  };
}
