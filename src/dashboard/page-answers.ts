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
