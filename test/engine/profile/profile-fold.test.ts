import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterName } from '../../../src/engine/profile/counter-name.js';
import { dayNumber } from '../../../src/engine/profile/day-number.js';
import {
  foldEventIntoAccount,
  foldEventIntoProfile,
} from '../../../src/engine/profile/fold-event.js';
import { mergeProfiles } from '../../../src/engine/profile/merge-profiles.js';
import { newAccount, newProfile } from '../../../src/engine/profile/new-profile.js';
import { resolveIdentities } from '../../../src/engine/profile/resolve-identities.js';
import { addSortedUnique, unionSorted } from '../../../src/engine/profile/sorted-set.js';
import { anEvent } from '../../support/events.js';

const H = 3_600_000;
const t0 = Date.UTC(2026, 0, 5, 9);

describe('profile fold', () => {
  it('counts events, pages by name, first/last times in any order', () => {
    const p = newProfile('u1', t0);
    foldEventIntoProfile(
      p,
      anEvent({ type: 'track', userId: 'u1', event: 'Report Created', timestamp: t0 + 2 * H }),
    );
    foldEventIntoProfile(
      p,
      anEvent({ type: 'track', userId: 'u1', event: 'Report Created', timestamp: t0 + H }),
    );
    foldEventIntoProfile(
      p,
      anEvent({ type: 'page', userId: 'u1', event: 'Pricing', timestamp: t0 + 3 * H }),
    );
    assert.deepEqual(p.counters['Report Created'], { count: 2, first: t0 + H, last: t0 + 2 * H });
    assert.equal(p.counters['Viewed Pricing Page'].count, 1);
    assert.equal(p.lastSeen, t0 + 3 * H);
    assert.equal(counterName({ type: 'screen', event: null }), 'Loaded a Screen');
    assert.equal(counterName({ type: 'identify', event: null }), null);
  });

  it('merges identify traits and removes null ones', () => {
    const p = newProfile('u1', t0);
    foldEventIntoProfile(
      p,
      anEvent({ type: 'identify', userId: 'u1', traits: { email: 'a@x.io', plan: 'trial' } }),
    );
    foldEventIntoProfile(
      p,
      anEvent({ type: 'identify', userId: 'u1', traits: { plan: null, role: 'Technical' } }),
    );
    assert.deepEqual(p.traits, { email: 'a@x.io', role: 'Technical' });
  });

  it('counts distinct active days in the user time zone', () => {
    const p = newProfile('u1', t0);
    p.traits.timezone = 'America/Los_Angeles';
    const lateEvening = Date.UTC(2026, 0, 6, 6); // 22:00 on Jan 5 in Los Angeles
    foldEventIntoProfile(p, anEvent({ type: 'track', userId: 'u1', event: 'x', timestamp: t0 }));
    foldEventIntoProfile(
      p,
      anEvent({ type: 'track', userId: 'u1', event: 'x', timestamp: lateEvening }),
    );
    assert.equal(p.activeDays.length, 1);
    assert.equal(dayNumber(lateEvening), dayNumber(t0) + 1);
    assert.equal(dayNumber(lateEvening, 'Not/AZone'), dayNumber(lateEvening));
  });

  it('joins accounts once and folds account traits and counters', () => {
    const p = newProfile('u1', t0);
    const a = newAccount('acme', t0);
    const group = anEvent({ type: 'group', userId: 'u1', groupId: 'acme', traits: { seats: 40 } });
    assert.equal(foldEventIntoProfile(p, group), 'acme');
    foldEventIntoAccount(a, group);
    const track = anEvent({
      type: 'track',
      userId: 'u1',
      event: 'Task Completed',
      groupId: 'acme',
    });
    assert.equal(foldEventIntoProfile(p, track), null);
    foldEventIntoAccount(a, track);
    assert.deepEqual(p.accounts, ['acme']);
    assert.deepEqual(a.traits, { seats: 40 });
    assert.equal(a.counters['Task Completed'].count, 1);
  });

  it('merges a visitor into the user', () => {
    const user = newProfile('u1', t0 + H);
    user.traits = { email: 'u@x.io' };
    user.activeDays = [3, 5];
    user.counters.x = { count: 1, first: t0 + H, last: t0 + H };
    const visitor = newProfile('anon:a1', t0);
    visitor.traits = { email: 'old@x.io', utm: 'ads' };
    visitor.activeDays = [1, 3];
    visitor.counters.x = { count: 2, first: t0, last: t0 };
    visitor.accounts = ['acme'];
    user.accounts = ['acme'];
    assert.deepEqual(mergeProfiles(user, visitor), ['acme']);
    assert.deepEqual(user.traits, { email: 'u@x.io', utm: 'ads' });
    assert.deepEqual(user.activeDays, [1, 3, 5]);
    assert.deepEqual(user.counters.x, { count: 3, first: t0, last: t0 + H });
    assert.deepEqual(user.anonymousIds, ['a1']);
    assert.equal(user.firstSeen, t0);
  });
});

describe('resolveIdentities', () => {
  it('merges a visitor on first identify, then routes the anonymousId to the user', () => {
    const events = [
      anEvent({ type: 'page', anonymousId: 'a1' }),
      anEvent({ type: 'identify', userId: 'u1', anonymousId: 'a1' }),
      anEvent({ type: 'track', anonymousId: 'a1', event: 'x' }),
    ];
    const r = resolveIdentities(events, new Map());
    assert.deepEqual(r.profileIds, ['anon:a1', 'u1', 'u1']);
    assert.deepEqual(r.merges, [{ at: 1, from: 'anon:a1', into: 'u1' }]);
    assert.deepEqual(r.newAliases, [{ fromId: 'anon:a1', profileId: 'u1' }]);
  });

  it('never re-merges an anonymousId already tied to someone else', () => {
    const events = [
      anEvent({ type: 'identify', userId: 'u2', anonymousId: 'a1' }),
      anEvent({ type: 'page', anonymousId: 'a1' }),
    ];
    const r = resolveIdentities(events, new Map([['anon:a1', 'u1']]));
    assert.deepEqual(r.profileIds, ['u2', 'u1']);
    assert.deepEqual(r.merges, []);
  });

  it('alias merges the previous id into the user', () => {
    const r = resolveIdentities(
      [anEvent({ type: 'alias', userId: 'new', previousId: 'old' })],
      new Map(),
    );
    assert.deepEqual(
      r.merges.map((m) => m.from),
      ['old', 'anon:old'],
    );
  });
});

describe('sorted sets', () => {
  it('inserts in order without duplicates and unites', () => {
    const days = [1, 4];
    for (const d of [4, 2, 9, 0, 2]) addSortedUnique(days, d);
    assert.deepEqual(days, [0, 1, 2, 4, 9]);
    assert.deepEqual(unionSorted([1, 3, 5], [2, 3, 6]), [1, 2, 3, 5, 6]);
  });
});

describe('hostile traits', () => {
  it('keeps a "__proto__" trait from replacing the prototype', () => {
    const p = newProfile('u1', t0);
    const traits = JSON.parse('{"__proto__": {"admin": true}, "plan": "pro"}');
    foldEventIntoProfile(p, anEvent({ type: 'identify', userId: 'u1', traits }));
    assert.equal((p.traits as Record<string, unknown>).admin, undefined);
    assert.equal(Object.getPrototypeOf(p.traits), Object.prototype);
    assert.equal(p.traits.plan, 'pro');
  });
});
