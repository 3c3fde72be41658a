import type { RenderContext } from './render-context.js';

/**
 * A plausible recipient for previews without a real user (`cairn preview TEMPLATE` with no
 * `--user`), for tests and for the benchmark. `overrides` replaces whole top-level variables.
 */
export function sampleRenderContext(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    user: {
      id: 'user_42',
      email: 'dana@acme.example',
      first_name: 'Dana',
      role: 'Team lead',
      traits: { email: 'dana@acme.example', first_name: 'Dana', role: 'Team lead' },
      counters: {
        'Source Connected': {
          count: 1,
          first: '2026-01-05T09:12:00.000Z',
          last: '2026-01-05T09:12:00.000Z',
        },
        'Viewed Pricing Page': {
          count: 3,
          first: '2026-01-06T10:00:00.000Z',
          last: '2026-01-09T16:30:00.000Z',
        },
      },
      first_seen: '2026-01-05T09:00:00.000Z',
      last_seen: '2026-01-09T16:30:00.000Z',
      active_days: 4,
    },
    account: {
      id: 'acct_7',
      name: 'Acme',
      seats: 40,
      plan: 'trial',
      traits: { name: 'Acme', seats: 40, plan: 'trial' },
      counters: {},
      member_count: 6,
    },
    event: {
      name: 'Source Connected',
      type: 'track',
      properties: { source: 'PostgreSQL', tables: 12 },
      timestamp: '2026-01-05T09:12:00.000Z',
    },
    journey: { id: 'activation', name: 'Activation' },
    milestones: {
      source_connected: { reached: true, reached_at: '2026-01-05T09:12:00.000Z' },
      report_created: { reached: false },
      report_shared: { reached: false },
    },
    answers: { role: 'technical' },
    persona: { path: 'technical' },
    score: 72,
    stage: { lifecycle: 'onboarding', engagement: 'implement' },
    links: {
      unsubscribe: 'https://cairn.example.com/l/u/sample',
      unsubscribe_mailto: 'mailto:unsubscribe@mail.example.com?subject=unsubscribe%20sample',
      preferences: 'https://cairn.example.com/l/p/sample',
      view_in_browser: 'https://cairn.example.com/l/v/sample',
    },
    workspace: {
      name: 'Acme Analytics',
      url: 'https://acme.example',
      postal_address: '1 Main Street, Springfield',
    },
    ...overrides,
  };
}
