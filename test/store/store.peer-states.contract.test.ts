/**
 * The store contract, continued: the narrow listing peer comparisons read (peer-states.ts),
 * checked against what plain code reads from the whole profiles listed by `searchProfiles`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Profile } from '../../src/core/types.js';
import { makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

/** Varied states: game state or none, another format, odd names, numbers that are not whole. */
function profiles(): Profile[] {
  return Array.from({ length: 37 }, (_, i) => {
    const id = i % 9 === 4 ? `anon:${i}` : `user-${String(i).padStart(2, '0')}`;
    const metric = (n: number) => ({
      day: [[20_500 + n, n]],
      week: [
        [2_930, n * 1.25],
        [2_929, n],
      ],
      month: [[674, 3 * n]],
      quarter: [],
      days: [20_500, 20_499],
    });
    const game =
      i % 5 === 0
        ? null
        : {
            v: 1,
            metrics: { tasks: metric(i), ...(i % 2 ? { ['constructor']: metric(i + 1) } : {}) },
            badges: i % 3 ? { power_user: { at: 1, backdated: false } } : {},
            levels: { adoption: { index: 1, at: 2 } },
            points: i,
          };
    const state =
      i % 7 === 3
        ? { v: 2, game, milestones: { first_report: { at: 5 } } }
        : {
            v: 1,
            ...(game === null && i % 2 ? {} : { game }),
            milestones: i % 4 ? { first_report: { at: 5 }, ['__proto__']: { at: 6 } } : {},
            engagement: { stage: 'expand' },
          };
    return makeProfile(id, {
      accounts: i % 6 ? [`acct-${i % 4}`, 'acct-other'] : [],
      traits: { name: `User ${i}`, plan: 'team' },
      state: JSON.parse(JSON.stringify(state)) as never,
    });
  });
}

forEachStore('store contract: peer states', (getStore) => {
  it('lists each identified user once, by id, with the parts of its state compared', async () => {
    const store = getStore();
    await store.transaction((tx) => tx.putProfiles(profiles()));
    // Reference: the whole profiles, as searchProfiles lists them, read in plain code.
    const expected: unknown[] = [];
    for (let after: string | undefined; ;) {
      const page = await store.searchProfiles({ limit: 10, after });
      for (const p of page.items) {
        if (p.userId === null) continue;
        const state = p.state as Record<string, never>;
        const current = state.v === 1;
        const game = current ? (state.game ?? null) : null;
        expected.push({
          id: p.id,
          account: p.accounts[0] ?? null,
          game:
            game === null
              ? null
              : {
                  metrics: (game as { metrics: unknown }).metrics,
                  badges: (game as { badges: unknown }).badges,
                },
          milestones: current ? Object.keys(state.milestones) : [],
        });
      }
      if (page.next === null) break;
      after = page.next;
    }
    const listed: unknown[] = [];
    for (let after: string | undefined; ;) {
      const page = await store.listPeerStates({ limit: 7, after });
      assert.ok(page.items.length <= 7);
      listed.push(...page.items);
      if (page.next === null) break;
      after = page.next;
    }
    assert.equal(expected.length, 33);
    assert.deepEqual(JSON.parse(JSON.stringify(listed)), JSON.parse(JSON.stringify(expected)));
    // Own keys, not inherited ones: a milestone or metric named like a prototype member.
    const odd = listed.find((s) => (s as { id: string }).id === 'user-01') as {
      game: { metrics: object };
      milestones: string[];
    };
    assert.ok(Object.hasOwn(odd.game.metrics, 'constructor'));
    assert.ok(odd.milestones.includes('__proto__'));
  });
});
