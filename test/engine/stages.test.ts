import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
milestones:
  first_report: { event: Report Created }
activation:
  milestones: [first_report]
lifecycle:
  - stage: converted
    when: { trait: plan, in: [pro, team] }
  - stage: dormant
    when: { last_seen: { older_than: 30d } }
  - stage: at_risk
    when: { not: { performed: Logged In, within: 10d } }
  - stage: activated
    when: { activated: true }
  - stage: onboarding
    when: { performed: Logged In }
  - stage: new
engagement:
  - stage: optimize
    when: { active_days: { at_least: 3, within: 7d } }
  - stage: reinforce
    when: { stage: activated }
  - stage: implement
segments:
  activated_stage:
    when: { stage: [activated, converted] }
`);

describe('lifecycle and engagement stages', () => {
  it('are decided by actions, first matching rule wins, with the reason', () => {
    const user = new UserSimulator(defs);
    const first = user.track('Logged In');
    assert.deepEqual(
      named(first, 'Stage Changed').map((c) => [
        c.properties.kind,
        c.properties.from,
        c.properties.to,
        c.properties.level,
      ]),
      [
        ['lifecycle', null, 'onboarding', null],
        ['engagement', null, 'implement', 1],
      ],
    );
    const activated = named(user.track('Report Created'), 'Stage Changed');
    assert.deepEqual(
      activated.map((c) => [c.properties.kind, c.properties.to, c.properties.reason.rule]),
      [
        ['lifecycle', 'activated', 'lifecycle[3]'],
        ['engagement', 'reinforce', 'engagement[1]'],
      ],
    );
    assert.deepEqual(activated[0]!.properties.reason.facts, [
      'activation activated (activated: yes)',
    ]);
  });

  it('move to at risk, then dormant, with no event, exactly when inactivity crosses the line', () => {
    const user = new UserSimulator(defs);
    user.track('Logged In');
    user.track('Report Created');
    const fired = named(user.runTimers(START + 40 * DAY), 'Stage Changed').filter(
      (c) => c.properties.kind === 'lifecycle',
    );
    assert.deepEqual(
      fired.map((c) => [c.properties.from, c.properties.to, c.timestamp]),
      [
        ['activated', 'at_risk', START + 10 * DAY],
        ['at_risk', 'dormant', START + 30 * DAY],
      ],
    );
    const back = named(user.track('Logged In'), 'Stage Changed');
    assert.deepEqual(
      back.map((c) => [c.properties.kind, c.properties.to]),
      [
        ['lifecycle', 'activated'],
        ['engagement', 'reinforce'],
      ],
    );
  });

  it('engagement rises with active days and falls back as days leave the window', () => {
    const user = new UserSimulator(defs);
    user.track('Report Created');
    for (let day = 0; day < 3; day++) {
      user.clock.set(START + day * DAY);
      user.track('Logged In');
    }
    assert.equal(user.state.engagement?.stage, 'optimize');
    assert.equal(user.state.engagement?.level, 3);
    // The first active day (START's day) leaves the 7-day window at the start of day + 7 (UTC).
    const dayStart = Math.floor(START / DAY) * DAY;
    const fired = named(user.runTimers(START + 9 * DAY), 'Stage Changed').filter(
      (c) => c.properties.kind === 'engagement',
    );
    assert.deepEqual(
      fired.map((c) => [c.properties.to, c.timestamp]),
      [['reinforce', dayStart + 7 * DAY]],
    );
  });

  it('count active days in the user’s time zone', () => {
    const user = new UserSimulator(defs);
    user.identify({ timezone: 'America/New_York' });
    user.track('Report Created');
    for (let day = 0; day < 3; day++) {
      user.clock.set(START + day * DAY);
      user.track('Logged In');
    }
    const fired = named(user.runTimers(START + 9 * DAY), 'Stage Changed').filter(
      (c) => c.properties.kind === 'engagement',
    );
    // Midnight in New York is 05:00 UTC in January.
    const localMidnight = Math.floor(START / DAY) * DAY + 7 * DAY + 5 * 3_600_000;
    assert.deepEqual(
      fired.map((c) => c.timestamp),
      [localMidnight],
    );
  });

  it('segments read stages', () => {
    const user = new UserSimulator(defs);
    user.identify({ plan: 'pro' });
    assert.ok('activated_stage' in user.state.segments);
    assert.equal(user.state.lifecycle?.stage, 'converted');
  });
});
