import { AnalyticsInputError } from '../analytics/analytics-input-error.js';
import { AnswerCache, type Also, type AnswerOptions, type Computed } from './answer-cache.js';
import { badRequest } from './http-error.js';

/**
 * Runs an analysis (analytics, lift, signals) over the request's query, one string per
 * parameter: a repeated parameter, or one the analysis cannot use (`AnalyticsInputError`), is a
 * 400 naming the field. The answer comes from `answers` (answer-cache.ts) under the route's path
 * and the sorted parameters: the stored one while at most max age old, else computed now; it
 * carries `computedAt`. A 400 is never kept. `run` may keep other answers its computation gave
 * (`also`: answer-cache.ts).
 */
export async function answerAnalysis<T extends object>(
  answers: AnswerCache,
  path: string,
  query: unknown,
  run: (raw: Record<string, string>, also: Also) => Promise<T>,
  options?: AnswerOptions,
): Promise<Computed<T>> {
  const raw: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw badRequest([{ field: name, message: 'expected one value' }]);
    raw[name] = value;
  }
  try {
    return await answers.answer(AnswerCache.key(path, raw), (also) => run(raw, also), options);
  } catch (error) {
    if (error instanceof AnalyticsInputError) {
      throw badRequest([
        { field: error.field, message: error.message.slice(error.field.length + 2) },
      ]);
    }
    throw error;
  }
}

/**
 * How long past its max age the asker takes a kept answer, from the request's
 * `Cache-Control: max-stale[=seconds]` (RFC 9111 §5.2.1.2; without a value, any age), in ms;
 * undefined when the header does not say it. The dashboard sends `max-stale`: a page opened after
 * an idle spell shows the last answer at once, marked stale, and asks again for the fresh one.
 */
export function acceptedStaleness(headers: Record<string, unknown>): number | undefined {
  const value = headers['cache-control'];
  if (typeof value !== 'string') return undefined;
  for (const directive of value.split(',')) {
    const [name, arg] = directive.trim().split('=', 2) as [string, string | undefined];
    if (name.toLowerCase() !== 'max-stale') continue;
    if (arg === undefined) return Infinity;
    const seconds = /^\d{1,10}$/.test(arg.trim()) ? Number(arg.trim()) : NaN;
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  return undefined;
}
