import type { Definitions } from '../../definitions/index.js';

/** What the analysis worker is started with. */
export interface WorkerSetup {
  file: string;
  pageCacheBytes?: number;
}

/** One analysis to compute; `definitions` when they changed since the last request. */
export interface Request {
  id: number;
  path: string;
  raw: Record<string, string>;
  now: number;
  definitions?: Definitions;
}

/** Its answer with the by-products, or its failure (`field`: an unusable parameter, a 400). */
export type Reply =
  | { id: number; ok: true; value: object; also: [string, object][] }
  | { id: number; ok: false; error: { message: string; field?: string } };
