import type { AnalyticsUserRow } from '../store/analytics-store.js';
import { AnalyticsInputError } from './analytics-input-error.js';
import { PERIOD_UNITS, periodLabel, periodOf, type PeriodUnit } from './periods.js';
import { oneOf, type RawParams } from './params.js';

/**
 * What a breakdown groups users by (`by=`):
 *   persona.<dimension>        the user's current persona in that dimension
 *   stage.lifecycle|engagement the current stage; `stage.lifecycle@2026-03-01` the stage at a date
 *   cohort.day|week|month      the signup period
 *   first_touch.source|campaign|medium|referrer (also utm_source, utm_campaign, referrer)
 *   account.<trait>            a trait of the user's (first) account
 *   trait.<name>               a user trait
 */
export type Dimension =
  | { kind: 'none' }
  | { kind: 'persona'; dimension: string }
  | { kind: 'stage'; stage: 'lifecycle' | 'engagement'; at: number | null }
  | { kind: 'cohort'; unit: PeriodUnit }
  | { kind: 'first_touch'; field: 'source' | 'campaign' | 'medium' | 'referrer' }
  | { kind: 'account'; trait: string }
  | { kind: 'trait'; trait: string };

/** The group of users without a value (no persona yet, no first touch, trait not set). */
export const NO_VALUE = '(none)';

const TOUCH_ALIASES: Record<string, 'source' | 'campaign' | 'referrer'> = {
  source: 'source',
  utm_source: 'source',
  campaign: 'campaign',
  utm_campaign: 'campaign',
  referrer: 'referrer',
};

export function parseDimension(text: string | undefined, field = 'by'): Dimension {
  if (text === undefined || text === '' || text === 'none') return { kind: 'none' };
  if (Object.hasOwn(TOUCH_ALIASES, text))
    return { kind: 'first_touch', field: TOUCH_ALIASES[text] };
  const dot = text.indexOf('.');
  const head = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot + 1);
  const fail = (why: string): never => {
    throw new AnalyticsInputError(field, `${why} (got ${JSON.stringify(text)})`);
  };
  switch (head) {
    case 'persona':
      if (!rest) fail('expected persona.<dimension>, e.g. persona.path');
      return { kind: 'persona', dimension: rest };
    case 'stage': {
      const [stage, date] = rest.split('@');
      if (stage !== 'lifecycle' && stage !== 'engagement') {
        fail('expected stage.lifecycle or stage.engagement, optionally @<date>');
      }
      return {
        kind: 'stage',
        stage: stage as 'lifecycle' | 'engagement',
        at: date === undefined ? null : parseTime(date, field, true),
      };
    }
    case 'cohort':
      if (!PERIOD_UNITS.includes(rest as PeriodUnit))
        fail('expected cohort.day, cohort.week or cohort.month');
      return { kind: 'cohort', unit: rest as PeriodUnit };
    case 'first_touch':
      if (!['source', 'campaign', 'medium', 'referrer'].includes(rest)) {
        fail('expected first_touch.source, .campaign, .medium or .referrer');
      }
      return { kind: 'first_touch', field: rest as 'source' | 'campaign' | 'medium' | 'referrer' };
    case 'account':
      if (!rest) fail('expected account.<trait>, e.g. account.plan');
      return { kind: 'account', trait: rest };
    case 'trait':
      if (!rest) fail('expected trait.<name>, e.g. trait.company_size');
      return { kind: 'trait', trait: rest };
    default:
      return fail(
        'expected none, persona.<dimension>, stage.lifecycle[@date], stage.engagement[@date], cohort.day|week|month, first_touch.<field>, source, campaign, referrer, account.<trait> or trait.<name>',
      );
  }
}

/** An ISO date or date-time (UTC when no offset); `endOfDay` reads a bare date as its end. */
export function parseTime(text: string, field: string, endOfDay = false): number {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(bare ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new AnalyticsInputError(
      field,
      `expected an ISO 8601 date or date-time (got ${JSON.stringify(text)})`,
    );
  }
  return bare && endOfDay ? ms + 86_400_000 - 1 : ms;
}

/** Turns a dimension into a function from a user to their group. */
export function groupKeyer(
  dimension: Dimension,
  stagesAt: Map<string, string> | null,
): (user: AnalyticsUserRow) => string {
  switch (dimension.kind) {
    case 'none':
      return () => 'all';
    case 'persona':
      return (u) =>
        (Object.hasOwn(u.personas, dimension.dimension) ? u.personas[dimension.dimension] : null) ??
        NO_VALUE;
    case 'stage': {
      if (dimension.at === null) return (u) => u[dimension.stage] ?? NO_VALUE;
      const at = stagesAt ?? new Map<string, string>();
      return (u) => at.get(u.id) ?? NO_VALUE;
    }
    case 'cohort': {
      // One label per period, not one date formatted per user.
      const labels = new Map<number, string>();
      return (u) => {
        const period = periodOf(dimension.unit, u.signupAt);
        let label = labels.get(period);
        if (label === undefined) labels.set(period, (label = periodLabel(dimension.unit, period)));
        return label;
      };
    }
    case 'first_touch':
      return (u) => u.firstTouch?.[dimension.field] ?? NO_VALUE;
    case 'account':
      return (u) => valueKey(u.accountTrait);
    case 'trait':
      return (u) => valueKey(u.trait);
  }
}

function valueKey(value: unknown): string {
  if (value === null || value === undefined) return NO_VALUE;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What the store must return for a dimension. */
export function dimensionNeeds(dimension: Dimension): {
  trait: string | null;
  accountTrait: string | null;
  /** The stages at a date the store must read (`stagesAt`), if any. */
  stagesAt: { kind: 'lifecycle' | 'engagement'; at: number } | null;
} {
  return {
    trait: dimension.kind === 'trait' ? dimension.trait : null,
    accountTrait: dimension.kind === 'account' ? dimension.trait : null,
    stagesAt:
      dimension.kind === 'stage' && dimension.at !== null
        ? { kind: dimension.stage, at: dimension.at }
        : null,
  };
}

export function describeDimension(dimension: Dimension): string {
  switch (dimension.kind) {
    case 'none':
      return 'none';
    case 'persona':
      return `persona.${dimension.dimension}`;
    case 'stage':
      return `stage.${dimension.stage}${dimension.at === null ? '' : '@' + new Date(dimension.at).toISOString()}`;
    case 'cohort':
      return `cohort.${dimension.unit}`;
    case 'first_touch':
      return `first_touch.${dimension.field}`;
    case 'account':
      return `account.${dimension.trait}`;
    case 'trait':
      return `trait.${dimension.trait}`;
  }
}

/**
 * `unit` (users or accounts) and `by`: with accounts as the unit only an account trait (or no
 * breakdown) can split them. Shared by retention and adoption.
 */
export function countedUnitAndDimension(raw: RawParams): {
  countBy: 'users' | 'accounts';
  dimension: Dimension;
} {
  const countBy = oneOf(raw, 'unit', ['users', 'accounts'], 'users');
  const dimension = parseDimension(raw.by);
  if (countBy === 'accounts' && dimension.kind !== 'none' && dimension.kind !== 'account') {
    throw new AnalyticsInputError(
      'by',
      'with unit=accounts, break down by none or account.<trait>',
    );
  }
  return { countBy, dimension };
}
