import type { Standing } from '../http/answer-cache.js';

/**
 * The analysis answers each dashboard page asks for when it opens, with its controls at their
 * defaults (src/dashboard/ui/pages: overview.tsx, activation.tsx, retention.tsx, signals.tsx).
 * `cairn serve` computes them at start, the overview first, and keeps them warm
 * (AnswerCache.keepWarm): a page opened on its defaults reads an answer at most max age old.
 * The browser test checks that the pages ask for nothing else on opening.
 */
export const PAGE_ANSWERS: readonly Standing[] = [
  { path: '/api/analytics/overview', params: {} },
  { path: '/api/analytics/activation', params: { by: 'persona.path', min_size: '5' } },
  { path: '/api/analytics/retention', params: { period: 'week', by: 'none', min_size: '5' } },
  { path: '/api/analytics/signal', params: { days: '30' } },
  { path: '/api/analytics/audit', params: { unit: 'users', days: '30' } },
  { path: '/api/analytics/churn-risk', params: { unit: 'users' } },
];

/**
 * Kept answers the pages' own routes read rather than ask for: the lift of every journey, which
 * the journeys page and each journey's page show (src/http/routes/journeys.ts). Kept warm with
 * the others, after the overview, so the journey pages' data is a few indexed reads.
 */
export const ROUTE_ANSWERS: readonly Standing[] = [{ path: '/api/analytics/lift', params: {} }];

/** What `cairn serve` computes at start and keeps warm, in this order. */
export const STANDING_ANSWERS: readonly Standing[] = [
  PAGE_ANSWERS[0]!,
  ...ROUTE_ANSWERS,
  ...PAGE_ANSWERS.slice(1),
];
