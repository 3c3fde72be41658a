import type { Definitions } from '../../definitions/index.js';
import type { Store } from '../../store/store.js';
import type { Also } from '../answer-cache.js';
import { computeAnalysis } from './compute.js';

/**
 * Where the analysis routes' answers are computed: in the HTTP process (`inProcess`) or in a
 * worker thread with its own read connection (worker-runner.ts), so that seconds of SQLite reads
 * never hold up a request or an event (ARCHITECTURE.md).
 */
export interface AnalysisRunner {
  /** The answer of the analysis route at `path` for its query, as `computeAnalysis` gives it. */
  run(
    path: string,
    raw: Record<string, string>,
    definitions: Definitions,
    now: number,
    also: Also,
  ): Promise<object>;
  /** Stops computing (a running computation's promise rejects); the app calls it at close. */
  close(): Promise<void>;
}

/** The runner an app computes its analyses with: the one given, else on its own store. */
export function analysesOf(deps: { store: Store; analyses?: AnalysisRunner }): AnalysisRunner {
  return deps.analyses ?? inProcess(deps.store);
}

/** Computes on the HTTP process's own store: PostgreSQL (its reads wait without blocking), an
 * in-memory SQLite database (one connection only), the tests' apps. */
export function inProcess(store: Store): AnalysisRunner {
  return {
    run: (path, raw, definitions, now, also) =>
      computeAnalysis(path, raw, { store, definitions, now }, also),
    close: async () => {},
  };
}
