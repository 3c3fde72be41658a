import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { DAY, HOUR, START, UserSimulator, named } from './user-simulator.js';

let defs: LoadedDefinitions;
before(async () => {
  defs = await loadDefinitions('examples/saas/cairn.yaml');
});

function segmentEvents(
  user: UserSimulator,
  name: 'Segment Entered' | 'Segment Exited',
  segment: string,
) {
  return named(user.changes, name).filter((c) => c.properties.segment === segment);
}

describe('example workspace, playbook by playbook', () => {
  it('P1: three milestones within 7 days activate, with contextual segments on the way', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.track('Logged In');
    user.clock.advance(3 * HOUR);
    user.track('Data Source Connected', { type: 'postgres' });
    assert.ok('source_without_report' in user.state.segments, 'connected a source but no report');
    user.clock.advance(DAY);
    user.track('Report Created');
    assert.ok(!('source_without_report' in user.state.segments));
    assert.ok('report_not_shared' in user.state.segments, 'created a report but did not share');
    user.clock.advance(DAY);
    user.track('Report Shared', { recipient_type: 'client' });
    assert.equal(user.state.activation?.status, 'pending', 'shared, but not with a teammate');
    const changes = user.track('Report Shared', { recipient_type: 'teammate' });
    assert.deepEqual(
      named(changes, 'Activated').map((c) => c.properties.timeToValueMs),
      [2 * DAY + 3 * HOUR],
    );
    assert.equal(user.state.lifecycle?.stage, 'activated');
    assert.equal(user.state.engagement?.stage, 'reinforce');
    assert.ok(!('report_not_shared' in user.state.segments));
  });

  it('P1 and P5: no login on day 1, no meaningful action in 48 hours — found by timers alone', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.page('Pricing');
    user.runTimers(START + 3 * DAY);
    assert.deepEqual(
      segmentEvents(user, 'Segment Entered', 'no_login_day_1').map((c) => c.timestamp),
      [START + DAY],
    );
    assert.deepEqual(
      segmentEvents(user, 'Segment Entered', 'no_meaningful_action_48h').map((c) => c.timestamp),
      [START + 2 * DAY],
    );

    const engaged = new UserSimulator(defs, 'engaged');
    engaged.track('Signed Up');
    engaged.clock.advance(30 * HOUR);
    engaged.track('Project Created');
    engaged.runTimers(START + 3 * DAY);
    assert.ok('meaningful_first_48h' in engaged.state.segments);
    assert.ok(!('no_meaningful_action_48h' in engaged.state.segments));
  });

  it('P2: evaluator, then team lead; pricing viewed 3 times with a high score is high intent', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.page('Pricing');
    user.clock.advance(HOUR);
    user.page('Pricing');
    assert.equal(user.state.personas.behavior?.persona, 'evaluator');
    assert.ok(user.state.milestones.pricing_viewed_twice);

    user.clock.advance(DAY);
    user.track('Data Source Connected');
    user.track('Report Created');
    user.track('Teammate Invited');
    assert.equal(user.state.personas.behavior?.persona, 'team_lead');
    // Creating a report ended "created nothing" before the invitation made a team lead.
    assert.deepEqual(
      user.state.personas.behavior?.history.map((h) => h.persona),
      ['evaluator', null, 'team_lead'],
    );
    user.track('Report Shared', { recipient_type: 'teammate' });
    user.track('Project Created');
    for (let i = 0; i < 3; i++) user.track('Task Created');
    assert.equal(
      user.state.personas.behavior?.persona,
      'team_lead',
      'the first matching rule wins',
    );
    user.clock.advance(DAY);
    const changes = user.page('Pricing');
    const entered = named(changes, 'Segment Entered').find(
      (c) => c.properties.segment === 'high_intent',
    );
    assert.ok(entered, JSON.stringify(user.state.score));
    assert.equal(entered.properties.reason.facts.length, 3);
    assert.match(entered.properties.reason.facts[1]!, /^score [\d.]+ \(≥ 40: yes\)$/);

    // Upgrading ends it.
    const upgraded = user.identify({ plan: 'team' });
    assert.ok(
      named(upgraded, 'Segment Exited').some((c) => c.properties.segment === 'high_intent'),
    );
    assert.equal(user.state.lifecycle?.stage, 'converted');
  });

  it('P3: qualifier answers choose the onboarding path; urgency is a segment', () => {
    const user = new UserSimulator(defs);
    user.identify({ role: 'technical', challenge: 'integration_needs' });
    user.track('Qualifier Answered', { question: 'urgency', answer: 'this_week' });
    assert.equal(user.state.personas.path?.persona, 'technical');
    assert.ok('urgent' in user.state.segments);

    const manager = new UserSimulator(defs, 'manager');
    manager.track('Qualifier Answered', { question: 'challenge', answer: 'team_coordination' });
    assert.equal(manager.state.personas.path?.persona, 'business');
    const executive = new UserSimulator(defs, 'exec');
    executive.identify({ challenge: 'strategic_oversight' });
    assert.equal(executive.state.personas.path?.persona, 'executive');
  });

  it('P4: engagement climbs from implement to optimize with regular use, and inactivity nudges on day 10', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    assert.equal(user.state.engagement?.stage, 'implement');
    user.track('Data Source Connected');
    user.track('Report Created');
    user.track('Report Shared', { recipient_type: 'teammate' });
    assert.equal(user.state.engagement?.stage, 'reinforce');
    for (let day = 0; day < 9; day++) {
      user.clock.set(START + day * DAY + HOUR);
      user.track('Logged In');
      user.track('Report Created');
      user.track('Report Created');
    }
    assert.equal(user.state.engagement?.stage, 'optimize');
    assert.equal(user.state.engagement?.level, 3);
    assert.equal(user.state.lifecycle?.stage, 'engaged');
    const lastLogin = START + 8 * DAY + HOUR;
    user.runTimers(lastLogin + 11 * DAY);
    assert.deepEqual(
      segmentEvents(user, 'Segment Entered', 'inactive_10_days').map((c) => c.timestamp),
      [lastLogin + 10 * DAY],
    );
    assert.equal(user.state.lifecycle?.stage, 'at_risk');
  });
});

describe('example workspace, retention', () => {
  it('P5: a paying customer who goes quiet is flagged after two weeks, and stays converted', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.identify({ plan: 'team' });
    assert.equal(user.state.lifecycle?.stage, 'converted');
    user.runTimers(START + 20 * DAY);
    assert.deepEqual(
      segmentEvents(user, 'Segment Entered', 'paying_but_quiet').map((c) => c.timestamp),
      [START + 14 * DAY],
    );
    assert.equal(user.state.lifecycle?.stage, 'converted');
    user.identify({ subscription_status: 'cancelled' });
    assert.equal(user.state.lifecycle?.stage, 'churned');
  });
});
