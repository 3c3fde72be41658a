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
