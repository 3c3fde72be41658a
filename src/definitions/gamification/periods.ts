import { z } from 'zod';

/** Calendar periods in the owner's time zone that metrics are measured over. */
export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const periodKindSchema = z.enum(PERIOD_KINDS, {
  error: `expected a period: one of ${PERIOD_KINDS.join(', ')}`,
});

/** Who a gamification definition applies to: each user, or each account (its members together). */
export const UNITS = ['user', 'account'] as const;
export type Unit = (typeof UNITS)[number];

export const unitSchema = z.enum(UNITS, { error: 'expected user or account' });
