import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../src/core/types.js';
import { parseDefinitions } from '../../../src/definitions/index.js';
import { PeerIndex, type PeerSubject } from '../../../src/engine/gamification/peer-index.js';
import {
  RecommendationIndex,
  type AdoptionSubject,
} from '../../../src/engine/gamification/recommendation-index.js';
import { equivalentOf } from '../../../src/engine/gamification/roi.js';

/** A small seeded generator (mulberry32), so every run draws the same population. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['employees', 'plan'];

function population(count: number, seed: number): PeerSubject[] {
  const next = random(seed);
  const buckets = ['1-10', '11-50', '51-200', '201+'];
  const plans = ['free', 'pro', 'enterprise'];
  return Array.from({ length: count }, (_, i) => {
    const traits: JsonObject = {
      employees: buckets[Math.floor(next() ** 2 * buckets.length)]!,
      plan: plans[Math.floor(next() * plans.length)]!,
    };
    if (next() < 0.05) delete traits.plan;
    // Small integers, so ties are frequent.
    return { id: `s${i}`, traits, value: Math.floor(next() * 12) };
  });
}

/** The reference: written from the definition, by scanning every subject for every question. */
function reference(subjects: PeerSubject[], subject: PeerSubject, k: number) {
  for (let depth = KEYS.length; depth >= 0; depth--) {
    const same = (other: PeerSubject) =>
      KEYS.slice(0, depth).every(
        (key) => (other.traits[key] ?? null) === (subject.traits[key] ?? null),
      );
    const peers = subjects.filter((other) => other.id !== subject.id && same(other));
    if (peers.length < k) continue;
    let below = 0;
    let ties = 0;
    let sum = 0;
    for (const peer of peers) {
      if (peer.value < subject.value) below++;
      if (peer.value === subject.value) ties++;
      sum += peer.value;
    }
    return {
      peers: peers.length,
      below,
      ties,
      average: sum / peers.length,
      percentile: ((below + ties / 2) / peers.length) * 100,
      widened: KEYS.length - depth,
    };
  }
  return null;
}

describe('peer comparison', () => {
  it('matches a scan of every subject: peers, average, percentile (below + half the ties), widening', () => {
    for (const [count, k, seed] of [
      [400, 5, 1],
      [120, 10, 2],
      [60, 8, 3],
    ] as const) {
      const subjects = population(count, seed);
      const index = new PeerIndex(subjects, KEYS, k);
      let widened = 0;
      for (const subject of subjects) {
        const got = index.compare(subject.id);
        const want = reference(subjects, subject, k);
        if (want === null) {
          assert.equal(got, null);
          continue;
        }
        assert.ok(got, `${subject.id} has a comparison`);
        assert.equal(got.peers, want.peers);
        assert.equal(got.below, want.below);
        assert.equal(got.ties, want.ties);
        assert.equal(got.widened, want.widened);
        assert.ok(Math.abs(got.average - want.average) < 1e-9);
        assert.ok(Math.abs(got.percentile - want.percentile) < 1e-9);
        assert.ok(Math.abs(got.top - (100 - want.percentile)) < 1e-9);
        if (got.widened > 0) widened++;
      }
      assert.ok(widened > 0, 'some cohorts were too small and widened');
    }
  });

  it('names the cohort used (its traits, missing ones as null) and answers the same as compareValue', () => {
    const subjects = population(300, 4);
    const index = new PeerIndex(subjects, KEYS, 6);
    for (const subject of subjects) {
      const got = index.compare(subject.id);
      const want = reference(subjects, subject, 6);
      if (want === null) continue;
      const depth = KEYS.length - want.widened;
      const cohort: Record<string, unknown> = {};
      for (const key of KEYS.slice(0, depth)) cohort[key] = subject.traits[key] ?? null;
      assert.deepEqual({ ...got!.cohort }, cohort);
      assert.deepEqual(
        { ...got, cohort: { ...got!.cohort } },
        {
          ...index.compareValue(subject.traits, subject.value, true)!,
          cohort: { ...got!.cohort },
        },
      );
      // Asked again, the same answer.
      assert.deepEqual(index.compare(subject.id), got);
    }
    // By position in the list the index was built from: the same answers.
    subjects.forEach((subject, position) =>
      assert.deepEqual(index.compareAt(position), index.compare(subject.id)),
    );
    assert.equal(index.compareAt(subjects.length), null);
  });

  it('never compares with fewer than k peers (k-anonymity), even after widening to everyone', () => {
    const subjects: PeerSubject[] = [
      { id: 'a', traits: { employees: '1-10' }, value: 3 },
      { id: 'b', traits: { employees: '1-10' }, value: 5 },
      { id: 'c', traits: { employees: '201+' }, value: 9 },
      { id: 'd', traits: { employees: '201+' }, value: 1 },
      { id: 'e', traits: { employees: '201+' }, value: 2 },
    ];
    // Five subjects: four peers each at most.
    assert.equal(new PeerIndex(subjects, KEYS, 5).compare('a'), null);
    const four = new PeerIndex(subjects, KEYS, 4).compare('a')!;
    assert.equal(four.peers, 4);
    assert.equal(four.widened, 2);
    assert.deepEqual({ ...four.cohort }, {});
    // With k = 2, the 201+ cohort (two peers) is enough; the 1-10 one (one peer) widens.
    const two = new PeerIndex(subjects, KEYS, 2);
    assert.equal(two.compare('c')!.widened, 0);
    assert.equal(two.compare('a')!.widened, 2);
    assert.equal(two.compare('c')!.peers, 2);
    assert.equal(two.compare('a')!.peers, 4);
    // c's 9 against 1 and 2: above both.
    assert.equal(two.compare('c')!.percentile, 100);
    // "15 % more than the average": (value − mean) / mean.
    assert.equal(two.compare('e')!.difference, ((2 - 5) / 5) * 100);
  });
});

describe('recommendations', () => {
  const defs = parseDefinitions(`
milestones:
  bulk_used: { event: Bulk Action Used }
  automation_on: { event: Automation Enabled }
  mobile_app: { event: Mobile Login }
metrics:
  automations: { event: Automation Ran }
roi:
  minutes: { automations: 10 }
recommendations:
  bulk_actions:
    title: Use bulk actions
    adopted: bulk_used
    impact: { measured: true }
  automation:
    title: Turn on automation
    adopted: automation_on
    impact: { measured: true, declared_minutes: 30 }
  mobile:
    title: Install the mobile app
    adopted: mobile_app
    impact: { measured: false, declared_minutes: 45 }
`).definitions;
  const list = Object.entries(defs.recommendations);

  function subjects(seed: number): AdoptionSubject[] {
    const next = random(seed);
    return Array.from({ length: 300 }, (_, i) => {
      const adopted = new Set<string>();
      let minutes = 60 + Math.floor(next() * 30);
      if (next() < 0.3) {
        adopted.add('bulk_actions');
        minutes += 180;
      }
      // Only a few automation adopters among small teams: too few to measure there.
      const small = i % 2 === 0;
      if (small ? i % 100 === 0 : next() < 0.4) {
        adopted.add('automation');
        minutes += 110;
      }
      return { id: `u${i}`, traits: { employees: small ? '1-10' : '11-50' }, minutes, adopted };
    });
  }

  it('ranks the impacts measured from peers: adopters’ mean time saved minus the others’, same cohort', () => {
    const all = subjects(7);
    const index = new RecommendationIndex(all, list, ['employees'], 5);
    for (const subject of all.slice(0, 60)) {
      const ranked = index.rank(subject, 3);
      assert.ok(
        ranked.every((r) => !subject.adopted.has(r.name)),
        'adopted ones are left out',
      );
      for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1]!.impact >= ranked[i]!.impact);
      for (const rec of ranked) {
        if (rec.source === 'declared') continue;
        // The reference: two means over the same cohort (everyone when it had to widen), the
        // subject left out; widening only when the narrow cohort had fewer than 5 on a side.
        const mean = (xs: AdoptionSubject[]) => xs.reduce((t, s) => t + s.minutes, 0) / xs.length;
        const narrow = all.filter(
          (s) => s.id !== subject.id && s.traits.employees === subject.traits.employees,
        );
        const narrowAdopters = narrow.filter((s) => s.adopted.has(rec.name)).length;
        const narrowEnough = narrowAdopters >= 5 && narrow.length - narrowAdopters >= 5;
        assert.equal(rec.evidence!.widened, narrowEnough ? 0 : 1);
        const cohort = narrowEnough ? narrow : all.filter((s) => s.id !== subject.id);
        const adopters = cohort.filter((s) => s.adopted.has(rec.name));
        const others = cohort.filter((s) => !s.adopted.has(rec.name));
        assert.ok(adopters.length >= 5 && others.length >= 5);
        assert.ok(Math.abs(rec.impact - (mean(adopters) - mean(others))) < 1e-9);
        assert.equal(rec.evidence!.adopters, adopters.length);
      }
    }
    // A non-adopter of both in the larger cohort: bulk actions (≈ +180) before automation (≈ +110).
    const subject = all.find((s) => s.traits.employees === '11-50' && s.adopted.size === 0)!;
    assert.deepEqual(
      index.rank(subject, 2).map((r) => [r.name, r.source]),
      [
        ['bulk_actions', 'measured'],
        ['automation', 'measured'],
      ],
    );
    const top = index.rank(subject, 3);
    assert.ok(top[0]!.impact > 150 && top[0]!.impact < 210, `bulk ≈ 180, got ${top[0]!.impact}`);
    assert.deepEqual(top[2]!.name, 'mobile');
  });

  it('falls back to the declared impact where too few peers adopted, or leaves it out', () => {
    const all = subjects(11);
    const index = new RecommendationIndex(all, list, ['employees'], 5);
    const small = all.find((s) => s.traits.employees === '1-10' && s.adopted.size === 0)!;
    const automation = index.rank(small, 3).find((r) => r.name === 'automation')!;
    // Too few adopters among small teams: widened to everyone, where there are enough.
    assert.equal(automation.source, 'measured');
    assert.equal(automation.evidence!.widened, 1);
    const strict = new RecommendationIndex(all, list, ['employees'], 1000);
    assert.deepEqual(
      strict.rank(small, 3).map((r) => [r.name, r.source, r.impact]),
      [
        ['mobile', 'declared', 45],
        ['automation', 'declared', 30],
      ],
    );
  });
});

describe('time saved', () => {
  it('names the largest equivalent reached', () => {
    const equivalents = [
      { hours: 8, label: 'a full work day' },
      { hours: 40, label: 'a full work week' },
    ];
    assert.equal(equivalentOf(42, equivalents), 'a full work week');
    assert.equal(equivalentOf(39.9, equivalents), 'a full work day');
    assert.equal(equivalentOf(2, equivalents), null);
  });
});
