import type { ActivityQuery } from '../store/analytics-store.js';

/**
 * What counts as activity for retention and adoption. The default is "meaningful" activity
 * (P5: meaningful actions, not logins or page views): every event the product sends except
 * page and screen views, sign-ins and sign-outs, and the signup event itself (a user does not
 * return by signing up). `all` counts everything; a list counts only those event names.
 */
export type ActivityDefinition =
  { kind: 'meaningful'; exclude: string[] } | { kind: 'all' } | { kind: 'events'; names: string[] };

export const NOT_MEANINGFUL = [
  'Logged In',
  'Logged Out',
  'Signed In',
  'Signed Out',
  'Login',
  'Logout',
  'Session Started',
  'Application Opened',
  'Application Backgrounded',
];

export function activityDefinition(
  list: string[] | null,
  signupEvent: string | null,
): ActivityDefinition {
  if (list && list.length === 1 && list[0] === 'all') return { kind: 'all' };
  if (list) return { kind: 'events', names: list };
  return {
    kind: 'meaningful',
    exclude: signupEvent ? [...NOT_MEANINGFUL, signupEvent] : [...NOT_MEANINGFUL],
  };
}

export function activityQuery(
  def: ActivityDefinition,
  fromDay: number,
  toDay: number,
): ActivityQuery {
  switch (def.kind) {
    case 'all':
      return { fromDay, toDay, include: null, exclude: [], excludeViews: false };
    case 'events':
      return { fromDay, toDay, include: def.names, exclude: [], excludeViews: false };
    case 'meaningful':
      return { fromDay, toDay, include: null, exclude: def.exclude, excludeViews: true };
  }
}

/** Whether a profile-counter name is a page or screen view. */
export function isView(name: string): boolean {
  return (
    name === 'Loaded a Page' ||
    name === 'Loaded a Screen' ||
    // As SQL's `LIKE 'Viewed % Page'`: the prefix and suffix may not overlap.
    (name.startsWith('Viewed ') &&
      ((name.endsWith(' Page') && name.length >= 12) ||
        (name.endsWith(' Screen') && name.length >= 14)))
  );
}

/** The same test as the store applies, for names already read (adoption). */
export function counts(def: ActivityDefinition, name: string): boolean {
  switch (def.kind) {
    case 'all':
      return true;
    case 'events':
      return def.names.includes(name);
    case 'meaningful':
      return !isView(name) && !def.exclude.includes(name);
  }
}

export function describeActivity(def: ActivityDefinition): string {
  switch (def.kind) {
    case 'all':
      return 'any event, page or screen view';
    case 'events':
      return `any of: ${def.names.join(', ')}`;
    case 'meaningful':
      return `any event except page and screen views and ${def.exclude.join(', ')}`;
  }
}
