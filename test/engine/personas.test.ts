import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
milestones:
  pricing_viewed_twice: { event: Viewed Pricing Page, times: 2 }
  teammate_invited: { event: Teammate Invited }
qualifier:
  questions:
    role:
      answers: [technical, business_operations, executive]
    urgency:
      trait: signup_urgency
      answers: [this_week, this_month, evaluating_options]
personas:
  path:
    rules:
      - persona: technical
        when: { answer: role, equals: technical }
      - persona: executive
        when: { answer: role, equals: executive }
      - persona: business
        when: { answer: role, exists: true }
  behavior:
    rules:
      - persona: evaluator
        when:
          all:
            - { milestone: pricing_viewed_twice }
            - { not: { performed: [Project Created, Report Created] } }
      - persona: team_lead
        when: { milestone: teammate_invited }
      - persona: individual
        when: { performed: Project Created }
segments:
  evaluators_in_a_hurry:
    when:
      all:
        - { persona: evaluator }
        - { answer: urgency, in: [this_week, this_month] }
`);

describe('personas', () => {
  it('moves from evaluator to team lead as behavior changes, keeping the history', () => {
    const user = new UserSimulator(defs);
    user.page('Pricing');
    user.clock.advance(DAY);
    const evaluator = named(user.page('Pricing'), 'Persona Changed');
    assert.deepEqual(
      evaluator.map((c) => [
        c.properties.dimension,
        c.properties.from,
        c.properties.to,
        c.properties.rule,
      ]),
      [['behavior', null, 'evaluator', 0]],
    );
    assert.equal(evaluator[0]!.properties.reason.rule, 'personas.behavior.rules[0]');
    assert.deepEqual(evaluator[0]!.properties.reason.facts, [
      `milestone pricing_viewed_twice reached at ${new Date(START + DAY).toISOString()}`,
      'not: performed "Project Created" or "Report Created" 0 times (at least 1: no)',
    ]);

    user.clock.advance(DAY);
    // Creating a project ends "created nothing": the next matching rule is individual.
    const individual = named(user.track('Project Created'), 'Persona Changed');
    assert.deepEqual(
      individual.map((c) => [c.properties.from, c.properties.to]),
      [['evaluator', 'individual']],
    );
    user.clock.advance(DAY);
    const lead = named(user.track('Teammate Invited'), 'Persona Changed');
    assert.deepEqual(
      lead.map((c) => [c.properties.from, c.properties.to, c.properties.reason.rule]),
      [['individual', 'team_lead', 'personas.behavior.rules[1]']],
    );
    assert.deepEqual(user.state.personas.behavior, {
      persona: 'team_lead',
      since: START + 3 * DAY,
      rule: 1,
      history: [
        { persona: 'evaluator', at: START + DAY, rule: 0 },
        { persona: 'individual', at: START + 2 * DAY, rule: 2 },
        { persona: 'team_lead', at: START + 3 * DAY, rule: 1 },
      ],
    });
  });

  it('reads qualifier answers from identify traits and from the qualifier event', () => {
    const user = new UserSimulator(defs);
    const byTrait = named(user.identify({ role: 'executive' }), 'Persona Changed');
    assert.deepEqual(
      byTrait.map((c) => [c.properties.dimension, c.properties.to]),
      [['path', 'executive']],
    );
    assert.deepEqual(user.state.answers.role, { value: 'executive', at: START, via: 'trait' });

    user.clock.advance(1000);
    const byEvent = named(
      user.track('Qualifier Answered', { question: 'role', answer: 'technical' }),
      'Persona Changed',
    );
    assert.deepEqual(
      byEvent.map((c) => [c.properties.from, c.properties.to]),
      [['executive', 'technical']],
    );
    assert.equal(user.state.answers.role?.via, 'event');

    // An answer outside the allowed list is ignored.
    user.track('Qualifier Answered', { question: 'role', answer: 'astronaut' });
    assert.equal(user.state.answers.role?.value, 'technical');
  });

  it('takes a form label for the declared answer: case, spaces, "-" and "_" aside', () => {
    const user = new UserSimulator(defs);
    user.identify({ role: ' Executive ' });
    assert.deepEqual(user.state.answers.role, { value: 'executive', at: START, via: 'trait' });
    assert.equal(user.state.personas.path?.persona, 'executive');
    user.clock.advance(1000);
    user.track('Qualifier Answered', { question: 'urgency', answer: 'This week' });
    assert.equal(user.state.answers.urgency?.value, 'this_week');
    user.track('Qualifier Answered', { question: 'urgency', answer: 'this-month' });
    assert.equal(user.state.answers.urgency?.value, 'this_month');
    // The same answer in another spelling changes nothing.
    const again = user.identify({ role: 'EXECUTIVE' });
    assert.deepEqual(named(again, 'Persona Changed'), []);
    assert.equal(user.state.answers.role?.at, START);
  });

  it('lets segments read personas and answers (a custom trait name included)', () => {
    const user = new UserSimulator(defs);
    user.identify({ signup_urgency: 'this_week' });
    user.page('Pricing');
    const changes = user.page('Pricing');
    assert.deepEqual(
      named(changes, 'Segment Entered').map((c) => c.properties.segment),
      ['evaluators_in_a_hurry'],
    );
    // The persona changes first, then the segment that reads it, in the same run.
    assert.deepEqual(
      changes.map((c) => c.name),
      ['Milestone Reached', 'Persona Changed', 'Segment Entered'],
    );
    const left = user.track('Report Created');
    assert.deepEqual(
      left.map((c) => c.name),
      ['Persona Changed', 'Segment Exited'],
    );
    assert.equal(named(left, 'Persona Changed')[0]!.properties.to, null);
    assert.equal(named(left, 'Persona Changed')[0]!.properties.reason.rule, 'personas.behavior');
    // Why the evaluator rule stopped holding, then that no other rule holds.
    assert.deepEqual(named(left, 'Persona Changed')[0]!.properties.reason.facts, [
      'not: performed "Project Created" or "Report Created" 1 time (at least 1: yes)',
      'no rule matches',
    ]);
  });
});
