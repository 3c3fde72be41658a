/**
 * The narrow per-profile analytics rows (`profile_facts`, migration 012) follow every profile
 * write in the same transaction: each `analyticsUsers` row equals what plain code reads from the
 * stored profile document, after inserts, state changes, a merge and a delete; a narrow read
 * (`only`) equals it with what was not asked for left empty.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Profile } from '../../src/core/types.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import type { AnalyticsUserParts } from '../../src/store/analytics-store.js';
import type { Store } from '../../src/store/store.js';
import { testDefinitions } from '../analytics/population.js';
import { forEachStore } from '../support/test-stores.js';
import { anEvent } from '../support/events.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 2, 2, 10);

/** What analyticsUsers should say of one profile, read straight from its document. */
function expected(p: Profile) {
  const state = p.state as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const milestones = Object.create(null) as Record<string, number>;
  for (const [name, m] of Object.entries(state.milestones ?? {})) milestones[name] = (m as any).at; // eslint-disable-line @typescript-eslint/no-explicit-any
  const personas = Object.create(null) as Record<string, string | null>;
  for (const [dim, s] of Object.entries(state.personas ?? {}))
    personas[dim] = (s as any).persona ?? null; // eslint-disable-line @typescript-eslint/no-explicit-any
  const touch = p.firstTouch;
  return {
    id: p.id,
    firstSeen: p.firstSeen,
    signupAt: state.signupAt ?? p.firstSeen,
    signedUp: p.counters['Signed Up'] !== undefined,
    activatedAt: state.activation?.status === 'activated' ? state.activation.at : null,
    milestones,
    personas,
    lifecycle: state.lifecycle?.stage ?? null,
    engagement: state.engagement?.stage ?? null,
    firstTouch: touch
      ? {
          source: touch.source ?? null,
          campaign: touch.campaign ?? null,
          medium: touch.medium ?? null,
          referrer: touch.referrer ?? null,
        }
      : null,
    accountId: p.accounts[0] ?? null,
    trait: p.traits.role ?? null,
    accountTrait: null,
    conversionEventAt: p.counters['Report Shared']?.first ?? null,
  };
}

/** What a narrow read (`only`) should say: the full row with what was not asked for left empty. */
function narrowed(row: ReturnType<typeof expected>, only: AnalyticsUserParts) {
  const personas = Object.create(null) as Record<string, string | null>;
  const persona = only.persona === null ? null : (row.personas[only.persona] ?? null);
  if (persona !== null) personas[only.persona!] = persona;
  const touch = only.touch === null ? null : (row.firstTouch?.[only.touch] ?? null);
  return {
    ...row,
    milestones: only.milestones ? row.milestones : Object.create(null),
    personas,
    lifecycle: only.stage === 'lifecycle' ? row.lifecycle : null,
    engagement: only.stage === 'engagement' ? row.engagement : null,
    firstTouch:
      touch === null
        ? null
        : { source: null, campaign: null, medium: null, referrer: null, [only.touch!]: touch },
    accountId: null,
  };
}

const NARROW: (AnalyticsUserParts | undefined)[] = [
  undefined,
  { milestones: true, persona: 'path', touch: 'source', stage: 'lifecycle' },
  { milestones: false, persona: 'no such dimension', touch: 'campaign', stage: 'engagement' },
  { milestones: true, persona: null, touch: 'medium', stage: null },
  { milestones: false, persona: null, touch: null, stage: null },
];

async function check(store: Store, ids: string[]): Promise<void> {
  for (const only of NARROW) {
    const rows = await store.analytics.analyticsUsers({
      signupEvent: 'Signed Up',
      conversionEvent: 'Report Shared',
      trait: 'role',
      accountTrait: null,
      ...(only ? { only } : {}),
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const identified: string[] = [];
    for (const id of ids) {
      const profile = await store.getProfile(id);
      if (!profile || profile.userId === null) {
        assert.equal(byId.has(id), false, `${id} has no row`);
        continue;
      }
      identified.push(id);
      const want = only ? narrowed(expected(profile), only) : expected(profile);
      assert.deepEqual({ ...byId.get(id)! }, want, `${id} ${JSON.stringify(only)}`);
    }
    assert.deepEqual(rows.map((r) => r.id).sort(), identified.sort());
  }
}

forEachStore('store contract: profile facts', (getStore) => {
  it('follow every profile write: signup, milestones, activation, merge, delete', async () => {
    const store = getStore();
    const { definitions } = { definitions: testDefinitions() };
    const apply = (events: ReturnType<typeof anEvent>[], now: number) =>
      store.transaction((tx) => applyEvents(tx, events, { definitions, now }));
    const ids = ['u1', 'u2', 'anon:v9'];
    await apply(
      [
        anEvent({
          type: 'page',
          event: 'Pricing',
          anonymousId: 'v9',
          timestamp: T,
          messageId: 'f1',
          context: { campaign: { source: 'google', name: 'spring', medium: 'cpc' } },
        }),
        anEvent({
          type: 'identify',
          userId: 'u1',
          timestamp: T,
          messageId: 'f2',
          traits: { role: 'technical' },
        }),
        anEvent({
          type: 'track',
          event: 'Signed Up',
          userId: 'u1',
          timestamp: T + 1,
          messageId: 'f3',
        }),
        anEvent({ type: 'group', userId: 'u1', groupId: 'a1', timestamp: T + 2, messageId: 'f4' }),
        anEvent({
          type: 'track',
          event: 'Report Created',
          userId: 'u2',
          timestamp: T + 3,
          messageId: 'f5',
        }),
      ],
      T + 10,
    );
    await check(store, ids);
    // Milestones and activation for u1: the row follows the state.
    await apply(
      ['Data Source Connected', 'Report Created', 'Report Shared'].map((event, k) =>
        anEvent({ type: 'track', event, userId: 'u1', timestamp: T + DAY + k, messageId: `g${k}` }),
      ),
      T + DAY + 10,
    );
    await check(store, ids);
    assert.notEqual(
      (
        await store.analytics.analyticsUsers({
          signupEvent: null,
          conversionEvent: null,
          trait: null,
          accountTrait: null,
        })
      ).find((r) => r.id === 'u1')!.activatedAt,
      null,
    );
    // The visitor turns out to be u2: merged away, u2 takes the first touch.
    await apply(
      [
        anEvent({
          type: 'identify',
          userId: 'u2',
          anonymousId: 'v9',
          timestamp: T + 2 * DAY,
          messageId: 'h1',
        }),
      ],
      T + 2 * DAY,
    );
    await check(store, ids);
    await store.transaction((tx) => tx.deleteProfiles(['u1']));
    await check(store, ids);
  });
});
