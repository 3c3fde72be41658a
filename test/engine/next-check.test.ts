import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainState } from '../../src/engine/state/index.js';
import { allOf, anyOf, negate, verdict } from '../../src/engine/state/verdict.js';
import { DAY, HOUR, START, UserSimulator, definitions } from './user-simulator.js';

describe('combining when rules can change', () => {
  const ctx = { explain: true };
  const yes = (changeAt: number | null) => verdict(ctx, true, () => 'yes', changeAt);
  const no = (changeAt: number | null) => verdict(ctx, false, () => 'no', changeAt);

  it('a true all changes when its first part does; a false one not before its last failing part', () => {
    assert.equal(allOf([yes(5), yes(3), yes(null)]).changeAt, 3);
    assert.equal(allOf([no(5), no(3), yes(1)]).changeAt, 5);
    assert.equal(allOf([no(5), no(null)]).changeAt, null);
  });

  it('any is the mirror image, and not keeps the time', () => {
    assert.equal(anyOf([no(5), no(3)]).changeAt, 3);
    assert.equal(anyOf([yes(5), yes(3), no(1)]).changeAt, 5);
    assert.equal(anyOf([yes(5), yes(null)]).changeAt, null);
    assert.deepEqual(negate(yes(7)), { value: false, changeAt: 7, facts: ['not: yes'] });
  });
});

const defs = definitions(`
milestones:
  report: { event: Report Created }
activation:
  milestones: [report]
  within: 3d
score:
  half_life: 2d
  weights: { Report Created: 10, Logged In: 2, Viewed Pricing Page: 3 }
  thresholds: { warm: 8, hot: 20 }
personas:
  behavior:
    rules:
      - persona: shopper
        when: { performed: Viewed Pricing Page, at_least: 2, within: 3d }
      - persona: maker
        when: { last_performed: Report Created, within: 5d }
lifecycle:
  - stage: dormant
    when: { last_seen: { older_than: 6d } }
  - stage: engaged
    when: { active_days: { at_least: 2, within: 4d } }
  - stage: new
segments:
  hot: { when: { score: { gte: 12 } } }
  quiet: { when: { not: { performed: Logged In, within: 2d } } }
  busy: { when: { performed: [Logged In, Report Created], at_least: 3, within: 1d } }
  early: { when: { signed_up: { within: 36h } } }
  shopper_or_hot:
    when:
      any:
        - { persona: shopper }
        - { segment: hot }
  settled: { when: { all: [{ stage: engaged }, { not: { segment: quiet } }] } }
`);

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

function answers(user: UserSimulator, now: number) {
  const e = explainState({ definitions: defs, profile: user.profile, accounts: [], now });
  return {
    segments: Object.keys(e.state.segments).sort(),
    persona: e.state.personas.behavior?.persona ?? null,
    stage: e.state.lifecycle?.stage ?? null,
    activation: e.state.activation?.status,
    thresholds: e.state.thresholds,
  };
}

describe('nextCheckAt', () => {
  it('no answer changes before it, for random histories sampled every hour', () => {
    const next = random(42);
    const names = ['Report Created', 'Logged In', 'Viewed Pricing Page', 'Logged In'];
    for (let run = 0; run < 12; run++) {
      const user = new UserSimulator(defs, `user-${run}`);
      for (let step = 0; step < 12; step++) {
        const name = names[Math.floor(next() * names.length)]!;
        if (name === 'Viewed Pricing Page') user.page('Pricing');
        else user.track(name);
        const now = user.clock.now();
        const before = answers(user, now);
        const until = user.nextCheckAt ?? now + 10 * DAY;
        for (let t = now + HOUR; t < until; t += HOUR) {
          assert.deepEqual(
            answers(user, t),
            before,
            `run ${run} step ${step}: changed at ${t - START} before ${until - START}`,
          );
        }
        // Move on by a random gap, firing the timers on the way.
        user.advance(Math.floor(next() * 3 * DAY));
      }
    }
  });
});
