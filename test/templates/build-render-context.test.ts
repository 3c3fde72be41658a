import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Profile } from '../../src/core/types.js';
import { buildRenderContext } from '../../src/templates/build-render-context.js';

const profile: Profile = {
  id: 'user_42',
  userId: 'user_42',
  anonymousIds: [],
  traits: { first_name: 'Dana', id: 'trait-id-loses', plan: { name: 'trial' } },
  counters: {
    'Report Created': { count: 2, first: Date.UTC(2026, 0, 5), last: Date.UTC(2026, 0, 6) },
  },
  firstSeen: Date.UTC(2026, 0, 5),
  lastSeen: Date.UTC(2026, 0, 6),
  activeDays: [20458, 20459],
  accounts: ['acct_7'],
  state: {},
};
const links = { unsubscribe: 'u', unsubscribe_mailto: 'm', preferences: 'p', view_in_browser: 'v' };

describe('buildRenderContext', () => {
  it('maps a profile to template variables: ISO times, snake_case, traits reachable directly', () => {
    const context = buildRenderContext({
      profile,
      account: {
        id: 'acct_7',
        traits: { name: 'Acme' },
        counters: {},
        firstSeen: 0,
        lastSeen: 0,
        memberCount: 6,
        state: {},
      },
      event: {
        type: 'track',
        event: 'Source Connected',
        properties: { source: 'PostgreSQL' },
        timestamp: Date.UTC(2026, 0, 5, 9),
      },
      milestones: { source_connected: Date.UTC(2026, 0, 5, 9), report_shared: null },
      persona: { path: 'technical', behavior: null },
      score: 72,
      stage: { lifecycle: 'onboarding', engagement: null },
      links,
      workspace: { name: 'Acme Analytics', postal_address: null },
    });
    assert.equal(context.user.first_name, 'Dana');
    assert.equal(context.user.id, 'user_42', 'fixed keys win over traits');
    assert.deepEqual(context.user.traits, profile.traits);
    assert.deepEqual(context.user.counters['Report Created'], {
      count: 2,
      first: '2026-01-05T00:00:00.000Z',
      last: '2026-01-06T00:00:00.000Z',
    });
    assert.equal(context.user.active_days, 2);
    assert.deepEqual([context.account?.name, context.account?.member_count], ['Acme', 6]);
    assert.deepEqual(context.event, {
      name: 'Source Connected',
      type: 'track',
      properties: { source: 'PostgreSQL' },
      timestamp: '2026-01-05T09:00:00.000Z',
    });
    assert.deepEqual(context.milestones, {
      source_connected: { reached: true, reached_at: '2026-01-05T09:00:00.000Z' },
      report_shared: { reached: false },
    });
    assert.deepEqual(context.persona, { path: 'technical' });
    assert.deepEqual(context.stage, { lifecycle: 'onboarding' });
    assert.deepEqual(context.workspace, { name: 'Acme Analytics' });
    assert.equal(context.score, 72);
  });

  it('leaves missing data absent, not null, so strict templates notice it', () => {
    const context = buildRenderContext({ profile, links, workspace: { name: 'W' } });
    for (const key of ['account', 'event', 'journey', 'score'] as const) {
      assert.equal(key in context, false, key);
    }
    assert.equal(
      'name' in
        buildRenderContext({
          profile,
          links,
          workspace: { name: 'W' },
          event: { type: 'identify', event: null, properties: {}, timestamp: 0 },
        }).event!,
      false,
    );
  });
});
