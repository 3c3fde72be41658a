import type { JsonObject } from '../core/types.js';
import type { Comparison } from '../definitions/index.js';
import type { RunStatus } from '../engine/journeys/index.js';

/**
 * A scenario file (`tests/*.yaml` next to `cairn.yaml`): what users do at times relative to the
 * start, and what must be true at given times.
 *
 *     name: No login on day 1
 *     steps:
 *       - { at: 0h, track: Signed Up }
 *       - at: 26h
 *         expect: { sent: [trouble_getting_started] }
 */
export interface Scenario {
  name: string;
  description?: string;
  /** When `at: 0h` is (ISO 8601); default Monday 2026-01-05 09:00 UTC. */
  start: number;
  /** The user of steps that name none. */
  user: string;
  /** `none` (default): nobody is held out; `all`: everybody; `hash`: as in production. */
  holdout: 'none' | 'all' | 'hash';
  steps: ScenarioStep[];
}

export type ScenarioStep = { at: number; atText: string; user?: string; line: number } & (
  | { track: string; properties: JsonObject; account?: string; imported: boolean; ago: number }
  | { identify: JsonObject }
  | { page: string; properties: JsonObject }
  | { group: string; traits: JsonObject }
  | { unsubscribe: string }
  | { expect: Expectation }
);

export interface Expectation {
  /** Delivered since the previous expectation, in order (template ids). */
  sent?: string[];
  not_sent?: string[];
  /** Team alerts since the previous expectation. */
  notified?: string[];
  /** Would-have-sent records of held-out runs since the previous expectation. */
  held_out?: string[];
  capped?: string[];
  suppressed?: string[];
  /** Deferred by quiet hours since the previous expectation (delivered later). */
  deferred?: string[];
  /** Journeys with a converted run, so far. */
  converted?: string[];
  /** The status of the user's latest run of each journey (`none`: never entered). */
  journeys?: Record<string, RunStatus | 'none'>;
  state?: StateExpectation;
  traits?: JsonObject;
}

export interface StateExpectation {
  lifecycle?: string | null;
  engagement?: string | null;
  /** A persona the user has (in any dimension), or `{ dimension: persona }`. */
  persona?: string | Record<string, string | null>;
  segments?: string[];
  not_segments?: string[];
  milestones?: string[];
  activated?: boolean;
  score?: Comparison;
}
