import type { ProfileFilter } from '../store/store.js';
import { badRequest } from './http-error.js';
import { optionalChoice, optionalString } from './query-string.js';

const DAY = 86_400_000;

/** The query parameters of the user list's filters, as `queryParams` documents them. */
export const USER_FILTER_PARAMS = {
  segment: 'members of this segment now',
  persona: 'current persona of a dimension, as dimension:persona (path:technical)',
  milestone: 'users who reached this milestone; several, comma-separated: all of them',
  inOrder:
    'true: the milestones reached in the listed order (equal times allowed), as the ordered funnel counts',
  activated: 'true: activated users; false: the others',
  signedUpFrom: 'identified users who signed up at or after this ISO date or time',
  signedUpTo: 'identified users who signed up before this ISO date or time',
  activeFrom: 'users active (a track, page or screen call) on a day from this date, YYYY-MM-DD',
  activeTo: 'the last day (inclusive) of activeFrom’s range, YYYY-MM-DD (default activeFrom)',
  activity:
    'what counts as active: all (default) or meaningful (as retention: not page or screen views, sign-ins or the signup event)',
  journey: 'users with a run of this journey at step (with step)',
  step: 'a step id of journey: users whose run of it is at that step as stepState says',
  stepState:
    'reached (default: the step is in the run’s history), at (active and waiting at it now) or passed (reached and not at it now), as the journeys page counts',
};

function time(query: Record<string, unknown>, field: string): number | undefined {
  const text = optionalString(query, field);
  if (text === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text)
    ? Date.parse(text)
    : NaN;
  if (!Number.isFinite(ms))
    throw badRequest([{ field, message: 'must be an ISO date (YYYY-MM-DD) or date-time' }]);
  return ms;
}

function day(query: Record<string, unknown>, field: string): number | undefined {
  const text = optionalString(query, field);
  if (text === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw badRequest([{ field, message: 'must be a date, YYYY-MM-DD' }]);
  return Math.floor(ms / DAY);
}

/**
 * Reads and checks the filters; every fault names its parameter. `notMeaningful`: the names
 * "meaningful" activity leaves out (analytics' activity definition for the loaded workspace).
 */
export function userFilterFrom(
  query: Record<string, unknown>,
  notMeaningful: string[],
): ProfileFilter {
  const filter: ProfileFilter = {};
  const segment = optionalString(query, 'segment');
  if (segment !== undefined) filter.segment = segment;
  const persona = optionalString(query, 'persona');
  if (persona !== undefined) {
    const at = persona.indexOf(':');
    if (at <= 0 || at === persona.length - 1)
      throw badRequest([
        { field: 'persona', message: 'must be dimension:persona, e.g. path:technical' },
      ]);
    filter.persona = { dimension: persona.slice(0, at), persona: persona.slice(at + 1) };
  }
  const milestone = optionalString(query, 'milestone');
  if (milestone !== undefined) {
    const names = milestone.split(',');
    if (names.some((m) => m === ''))
      throw badRequest([
        { field: 'milestone', message: 'must be milestone names separated by commas' },
      ]);
    filter.milestones = names;
  }
  const inOrder = optionalChoice(query, 'inOrder', ['true', 'false'] as const);
  if (inOrder === 'true') {
    if (!filter.milestones) throw badRequest([{ field: 'inOrder', message: 'needs milestone' }]);
    filter.inOrder = true;
  }
  const activated = optionalChoice(query, 'activated', ['true', 'false'] as const);
  if (activated !== undefined) filter.activated = activated === 'true';
  const from = time(query, 'signedUpFrom');
  const to = time(query, 'signedUpTo');
  if (from !== undefined && to !== undefined && to <= from)
    throw badRequest([{ field: 'signedUpTo', message: 'must be after signedUpFrom' }]);
  if (from !== undefined) filter.signupFrom = from;
  if (to !== undefined) filter.signupTo = to;
  const activity = optionalChoice(query, 'activity', ['all', 'meaningful'] as const);
  const activeFrom = day(query, 'activeFrom');
  const activeTo = day(query, 'activeTo');
  if (activeTo !== undefined && activeFrom === undefined)
    throw badRequest([{ field: 'activeTo', message: 'needs activeFrom' }]);
  if (activeFrom !== undefined) {
    const toDay = activeTo ?? activeFrom;
    if (toDay < activeFrom)
      throw badRequest([{ field: 'activeTo', message: 'must not be before activeFrom' }]);
    filter.active =
      activity === 'meaningful'
        ? { fromDay: activeFrom, toDay, exclude: notMeaningful, excludeViews: true }
        : { fromDay: activeFrom, toDay, exclude: [], excludeViews: false };
  } else if (activity !== undefined) {
    throw badRequest([{ field: 'activity', message: 'needs activeFrom' }]);
  }
  const journey = optionalString(query, 'journey');
  const step = optionalString(query, 'step');
  const stepState = optionalChoice(query, 'stepState', ['reached', 'at', 'passed'] as const);
  if (journey !== undefined && step === undefined)
    throw badRequest([{ field: 'step', message: 'is needed with journey' }]);
  if (step !== undefined && journey === undefined)
    throw badRequest([{ field: 'journey', message: 'is needed with step' }]);
  if (stepState !== undefined && step === undefined)
    throw badRequest([{ field: 'stepState', message: 'needs journey and step' }]);
  if (journey !== undefined && step !== undefined)
    filter.journeyStep = { journey, step, state: stepState ?? 'reached' };
  return filter;
}
