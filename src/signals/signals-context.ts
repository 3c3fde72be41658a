import type { Definitions } from '../definitions/index.js';
import type { AnalyticsStore } from '../store/analytics-store.js';
import type { SignalsStore } from '../store/signals-store.js';

/** What every signal reads: the store's analytics and signals ports, the definitions, the time. */
export interface SignalsContext {
  analytics: AnalyticsStore;
  signals: SignalsStore;
  definitions: Definitions;
  now: number;
}

export const HOUR_MS = 3_600_000;
