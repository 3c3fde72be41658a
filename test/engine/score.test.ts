import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentScore } from '../../src/engine/state/index.js';
import { DAY, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
score:
  half_life: 7d
  weights:
    Report Created: 10
    Viewed Pricing Page: 4
    Support Ticket Opened: -6
  thresholds:
    warm: 10
    hot: 30
segments:
  high_score:
    when: { score: { gte: 30 } }
  low_score:
    when: { score: { lt: 5 } }
  busy_account:
    when: { account_score: { gte: 25 } }
`);

describe('behavioral score', () => {
  it('halves every half-life', () => {
    const user = new UserSimulator(defs);
    user.track('Report Created');
    user.track('Report Created');
    user.track('Report Created');
    assert.equal(currentScore(defs, user.state, user.clock.now()), 30);
    assert.equal(currentScore(defs, user.state, START + 7 * DAY), 15);
    assert.equal(currentScore(defs, user.state, START + 14 * DAY), 7.5);
    assert.equal(currentScore(defs, user.state, START + 21 * DAY), 3.75);
  });

  it('adds weights, negative ones included, each decayed from its own time', () => {
    const user = new UserSimulator(defs);
    user.track('Report Created');
    user.clock.advance(7 * DAY);
    user.track('Support Ticket Opened');
    assert.equal(currentScore(defs, user.state, user.clock.now()), 10 / 2 - 6);
    // An event imported late counts at its own (decayed) weight.
    user.page('Pricing', { at: START });
    assert.equal(currentScore(defs, user.state, user.clock.now()), 5 - 6 + 2);
  });

  it('reports thresholds crossed upward by events and downward by decay, on time', () => {
    const user = new UserSimulator(defs);
    const up = user.track('Report Created');
    assert.deepEqual(
      named(up, 'Score Crossed').map((c) => [
        c.properties.threshold,
        c.properties.direction,
        c.properties.score,
      ]),
      [['warm', 'up', 10]],
    );
    assert.deepEqual(named(up, 'Score Crossed')[0]!.properties.reason.facts, [
      'score 10 ≥ 10',
      '"Report Created" adds 10',
    ]);
    assert.equal(named(user.track('Report Created'), 'Score Crossed').length, 0);
    const hot = user.track('Report Created');
    assert.deepEqual(
      named(hot, 'Score Crossed').map((c) => c.properties.threshold),
      ['hot'],
    );
    assert.deepEqual(
      named(hot, 'Segment Entered').map((c) => c.properties.segment),
      ['high_score'],
    );

    // 30 decays below 30 right away, below 10 after log2(3) half-lives.
    const fired = user.runTimers(START + 30 * DAY);
    const downs = named(fired, 'Score Crossed').map((c) => [
      c.properties.threshold,
      c.properties.direction,
      c.timestamp,
    ]);
    assert.equal(downs[0]![0], 'hot');
    assert.equal(downs[0]![2], START + 1);
    const warmDown = START + Math.floor(7 * DAY * Math.log2(3)) + 1;
    assert.deepEqual(downs[1], ['warm', 'down', warmDown]);
    assert.match(
      named(fired, 'Score Crossed')[1]!.properties.reason.facts[1]!,
      /decayed with a half-life of 1w/,
    );
    const low = named(fired, 'Segment Entered').find((c) => c.properties.segment === 'low_score');
    assert.equal(low?.timestamp, START + Math.floor(7 * DAY * Math.log2(30 / 5)) + 1);
  });

  it('keeps an account score from its members’ events', () => {
    const alice = new UserSimulator(defs, 'alice');
    alice.group('acme', { employees: 300 });
    alice.track('Report Created', {}, { groupId: 'acme' });
    alice.track('Report Created', {}, { groupId: 'acme' });
    const bob = new UserSimulator(defs, 'bob');
    // Bob joins the same account (the simulator shares account rows through this map).
    bob.accounts.set('acme', alice.accounts.get('acme')!);
    bob.group('acme');
    const changes = bob.track('Report Created', {}, { groupId: 'acme' });
    assert.equal(currentScore(defs, bob.state, bob.clock.now()), 10, 'the user score is his own');
    assert.equal(
      currentScore(defs, alice.accounts.get('acme')!.state as never, bob.clock.now()),
      30,
    );
    assert.deepEqual(
      named(changes, 'Segment Entered').map((c) => c.properties.segment),
      ['busy_account'],
    );
  });
});
