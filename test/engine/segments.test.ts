import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainState } from '../../src/engine/state/index.js';
import { DAY, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
segments:
  pro_plan:       { when: { trait: plan, equals: pro } }
  paid_plan:      { when: { trait: plan, in: [pro, team] } }
  has_email:      { when: { trait: email, exists: true } }
  no_company:     { when: { trait: company, exists: false } }
  big_team:       { when: { trait: team_size, gt: 10 } }
  team_10_plus:   { when: { trait: team_size, gte: 10 } }
  small_team:     { when: { trait: team_size, lt: 5 } }
  tiny_team:      { when: { trait: team_size, lte: 2 } }
  mid_team:       { when: { trait: team_size, gte: 5, lte: 10 } }
  gmail:          { when: { trait: email, contains: '@gmail.' } }
  beta_tester:    { when: { trait: tags, contains: beta } }
  europe:         { when: { trait: company.region, equals: eu } }
  enterprise:     { when: { account_trait: employees, gte: 1000 } }
  paid_or_big:
    when:
      any:
        - { segment: paid_plan }
        - { segment: big_team }
  trial_with_email:
    when:
      all:
        - { segment: has_email }
        - { not: { segment: paid_plan } }
  courted:
    when: { segment: trial_with_email }
`);

function members(user: UserSimulator): string[] {
  return Object.keys(user.state.segments).sort();
}

describe('segment rules over traits', () => {
  it('compare with equals, in, exists, gt, gte, lt, lte, contains and nested paths', () => {
    const user = new UserSimulator(defs);
    user.identify({
      plan: 'pro',
      email: 'ann@gmail.com',
      team_size: 10,
      tags: ['beta', 'early'],
      company: { region: 'eu' },
    });
    assert.deepEqual(members(user), [
      'beta_tester',
      'europe',
      'gmail',
      'has_email',
      'mid_team',
      'paid_or_big',
      'paid_plan',
      'pro_plan',
      'team_10_plus',
    ]);
    user.identify({ team_size: '2', company: null, plan: 'free' });
    assert.deepEqual(members(user), [
      'beta_tester',
      'courted',
      'gmail',
      'has_email',
      'no_company',
      'small_team',
      'tiny_team',
      'trial_with_email',
    ]);
  });

  it('explain entering and leaving with the observed values', () => {
    const user = new UserSimulator(defs);
    const entered = named(user.identify({ plan: 'team' }), 'Segment Entered').find(
      (c) => c.properties.segment === 'paid_plan',
    );
    assert.deepEqual(entered?.properties.reason.facts, [
      'trait plan = "team" (in ["pro","team"]: yes)',
    ]);
    const exited = named(user.identify({ plan: 'free' }), 'Segment Exited').find(
      (c) => c.properties.segment === 'paid_plan',
    );
    assert.deepEqual(exited?.properties.reason.facts, [
      'trait plan = "free" (in ["pro","team"]: no)',
    ]);
    assert.equal(exited?.properties.enteredAt, START);
  });

  it('read account traits of any of the user’s accounts', () => {
    const user = new UserSimulator(defs);
    user.group('small-co', { employees: 12 });
    assert.ok(!members(user).includes('enterprise'));
    const changes = user.group('big-co', { employees: 5000 });
    assert.deepEqual(
      named(changes, 'Segment Entered').map((c) => c.properties.segment),
      ['enterprise'],
    );
  });

  it('follow segment references through all, any and not, in dependency order', () => {
    const user = new UserSimulator(defs);
    const changes = user.identify({ email: 'bo@example.com' });
    const entered = named(changes, 'Segment Entered').map((c) => c.properties.segment);
    assert.ok(entered.indexOf('has_email') < entered.indexOf('trial_with_email'));
    assert.ok(entered.indexOf('trial_with_email') < entered.indexOf('courted'));
    const upgraded = named(user.identify({ plan: 'pro' }), 'Segment Exited').map(
      (c) => c.properties.segment,
    );
    assert.deepEqual(upgraded.sort(), ['courted', 'trial_with_email']);
  });

  it('explainState says why each answer holds, without storing anything', () => {
    const user = new UserSimulator(defs);
    user.identify({ plan: 'pro', email: 'c@d.io' });
    const stored = JSON.stringify(user.profile.state);
    const explanation = explainState({
      definitions: defs,
      profile: user.profile,
      accounts: [],
      now: START + DAY,
    });
    assert.equal(explanation.segments.pro_plan?.answer, true);
    assert.deepEqual(explanation.segments.trial_with_email?.facts, [
      'not: segment paid_plan: member',
    ]);
    assert.equal(explanation.score, null);
    assert.equal(JSON.stringify(user.profile.state), stored);
  });
});
