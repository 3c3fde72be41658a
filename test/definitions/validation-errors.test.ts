import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionErrors as errors } from '../support/definition-errors.js';

describe('validation errors name file, line, column, field and what is expected', () => {
  it('1. an empty event name', () => {
    assert.deepEqual(
      errors(`
milestones:
  report_shared:
    event: ""
`),
      [
        'cairn.yaml:4:12 milestones.report_shared.event: expected an event name (a non-empty string)',
      ],
    );
  });

  it('2. a milestone without its event (and a misspelt key beside it)', () => {
    assert.deepEqual(
      errors(`
milestones:
  data_source_connected:
    evnt: Data Source Connected
`),
      [
        'cairn.yaml:3:3 milestones.data_source_connected.event: missing (expected an event name)',
        'cairn.yaml:4:5 milestones.data_source_connected.evnt: unknown key "evnt"; did you mean "event"?',
      ],
    );
  });

  it('3. a duration written in words', () => {
    assert.deepEqual(
      errors(`
milestones:
  a: { event: A }
activation:
  milestones: [a]
  within: 7 days
`),
      ['cairn.yaml:6:11 activation.within: expected a duration like 30m, 48h, 7d or 2w'],
    );
  });

  it('4. activation naming a milestone that does not exist', () => {
    assert.deepEqual(
      errors(`
milestones:
  first_report_created: { event: Report Created }
activation:
  milestones: [first_report_created, first_report_shared]
`),
      [
        'cairn.yaml:5:38 activation.milestones[1]: unknown milestone "first_report_shared"; did you mean "first_report_created"?',
      ],
    );
  });

  it('5. a misspelt rule option inside a segment', () => {
    assert.deepEqual(
      errors(`
segments:
  high_intent:
    when:
      all:
        - performed: Viewed Pricing Page
          at_least: 3
          withn: 14d
`),
      [
        'cairn.yaml:8:11 segments.high_intent.when.all[0].withn: unknown key "withn"; did you mean "within"?',
      ],
    );
  });

  it('6. a rule with no operator', () => {
    const [error] = errors(`
segments:
  pricing:
    when: { event: Viewed Pricing Page }
`);
    assert.match(
      error!,
      /^cairn\.yaml:4:11 segments\.pricing\.when: expected a rule with one of all, any, not, trait, .*; found event$/,
    );
  });

  it('7. two operators in one rule', () => {
    assert.deepEqual(
      errors(`
segments:
  odd:
    when: { trait: plan, equals: pro, performed: Login }
`),
      [
        'cairn.yaml:4:11 segments.odd.when: a rule has one operator, found trait and performed: combine rules with all or any',
      ],
    );
  });

  it('8. a trait rule with no comparison', () => {
    assert.deepEqual(
      errors(`
segments:
  pro:
    when:
      trait: plan
`),
      [
        'cairn.yaml:5:7 segments.pro.when: expected a comparison: one of equals, in, exists, gt, gte, lt, lte, contains',
      ],
    );
  });

  it('9. a number written as text, and a count that is not whole', () => {
    assert.deepEqual(
      errors(`
score:
  half_life: 14d
  weights:
    Report Created: five
segments:
  loyal:
    when: { performed: Logged In, at_least: 2.5 }
`),
      [
        'cairn.yaml:5:21 score.weights["Report Created"]: expected a number (negative allowed), got "five"',
        'cairn.yaml:8:45 segments.loyal.when.at_least: expected a whole number',
      ],
    );
  });

  it('10. a persona rule with an answer that is not allowed, and an unknown question', () => {
    assert.deepEqual(
      errors(`
qualifier:
  questions:
    role:
      answers: [technical, business_operations, executive]
personas:
  path:
    rules:
      - persona: technical
        when: { answer: role, equals: developer }
      - persona: executive
        when: { answer: title, equals: ceo }
`),
      [
        'cairn.yaml:10:39 personas.path.rules[0].when.equals: "developer" is not an answer of role; allowed: technical, business_operations, executive',
        'cairn.yaml:12:25 personas.path.rules[1].when.answer: unknown qualifier question "title"; defined: role',
      ],
    );
  });

  it('11. segments that refer to each other in a circle, and to an unknown persona', () => {
    assert.deepEqual(
      errors(`
segments:
  a:
    when: { segment: b }
  b:
    when:
      any:
        - { segment: a }
        - { persona: evaluatr }
`),
      [
        'cairn.yaml:8:22 segments.b.when.any[0].segment: circular reference: segments.b → segments.a → segments.b',
        'cairn.yaml:9:22 segments.b.when.any[1].persona: unknown persona "evaluatr": none is defined',
      ],
    );
  });

  it('12. an unknown lifecycle stage, a stage no rule sets, and a bad segment name', () => {
    assert.deepEqual(
      errors(`
lifecycle:
  - stage: trialing
  - stage: new
segments:
  Dormant Users:
    when: { stage: dormant }
`),
      [
        'cairn.yaml:3:12 lifecycle[0].stage: expected a lifecycle stage: one of new, onboarding, activated, engaged, at_risk, dormant, churned, converted',
        'cairn.yaml:6:3 segments["Dormant Users"]: expected a name in snake_case: lowercase letters, digits and _ (e.g. report_shared)',
      ],
    );
    assert.deepEqual(
      errors(`
lifecycle:
  - stage: new
segments:
  dormant_users:
    when: { stage: dormant }
`),
      ['cairn.yaml:6:20 segments.dormant_users.when.stage: no lifecycle rule sets stage "dormant"'],
    );
  });

  it('13. an unknown top-level section lists the allowed ones', () => {
    assert.deepEqual(
      errors(`
milestones: {}
segmnts: {}
`),
      ['cairn.yaml:3:1 segmnts: unknown key "segmnts"; did you mean "segments"?'],
    );
    assert.match(
      errors('channelz: {}\n')[0]!,
      /^cairn\.yaml:1:1 channelz: unknown key "channelz"; allowed keys: version, name, url, postal_address, milestones, activation/,
    );
  });

  it('14. YAML syntax errors and duplicate keys', () => {
    assert.match(errors('milestones:\n  a: { event: A\n')[0]!, /^cairn\.yaml:\d+:\d+ /);
    const [duplicate] = errors(`
milestones:
  a: { event: A }
  a: { event: B }
`);
    assert.match(duplicate!, /^cairn\.yaml:4:3 Map keys must be unique/);
  });

  it('15. a section of the wrong shape, and score rules without a score section', () => {
    assert.deepEqual(
      errors(`
milestones:
  - event: Report Created
segments:
  hot:
    when: { score: { gte: 50 } }
`),
      [
        'cairn.yaml:3:3 milestones: expected a mapping of milestone names to { event, where? }, got a list',
      ],
    );
    assert.deepEqual(
      errors(`
segments:
  hot:
    when: { score: { gte: 50 } }
`),
      [
        'cairn.yaml:4:20 segments.hot.when.score: score rules need a score section (weights and half_life)',
      ],
    );
  });

  it('16. qualifier answers that differ only in case or separators', () => {
    const [problem] = errors(`
qualifier:
  questions:
    role:
      answers: [technical, Technical]
`);
    assert.match(
      problem,
      /questions\.role\.answers: answers must not repeat \(nor differ only in case/,
    );
  });

  it('reports every problem at once, in source order', () => {
    const all = errors(`
milestones:
  a: { event: "" }
  b: { event: B, times: 0 }
activation:
  milestones: a
`);
    assert.deepEqual(all, [
      'cairn.yaml:3:15 milestones.a.event: expected an event name (a non-empty string)',
      'cairn.yaml:4:25 milestones.b.times: expected a whole number ≥ 1',
      'cairn.yaml:6:15 activation.milestones: expected a list of milestone names, got "a"',
    ]);
  });
});
