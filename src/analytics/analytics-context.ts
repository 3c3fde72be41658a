import type { Definitions } from '../definitions/index.js';
import type { AnalyticsStore } from '../store/analytics-store.js';

/** What every metric reads: the store's analytics port, the workspace definitions, the time. */
export interface AnalyticsContext {
  store: AnalyticsStore;
  definitions: Definitions;
  now: number;
}

/** Every answer echoes the range, the filters and the definitions it was computed with. */
export interface AnalyticsAnswer<Result> {
  metric: string;
  asOf: string;
  range: { from: string; to: string } | null;
  filters: Record<string, unknown>;
  definitions: Record<string, unknown>;
  result: Result;
}

export function signupEventOf(definitions: Definitions): string | null {
  const signup = definitions.activation?.signup;
  return signup && signup !== 'first_seen' ? signup.event : null;
}

export function signupDefinition(definitions: Definitions): string {
  const event = signupEventOf(definitions);
  return event
    ? `identified users who performed "${event}"; signup time: its first time`
    : 'identified users (with a userId); signup time: first seen';
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
