import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefinitionsError, parseDefinitions } from '../../src/definitions/index.js';
import { formatScenarioResult, runScenario } from '../../src/testing/index.js';

const defs = parseDefinitions(
  `
milestones:
  report: { event: Report Created }
segments:
  reporters: { when: { milestone: report } }
journeys:
  day_1:
    trigger: { event: Signed Up }
    goal: { rule: { milestone: report }, within: 7d }
    steps:
      - id: login
        wait_until: { event: Logged In, timeout: 24h }
        on_timeout: [{ id: trouble, send: trouble_getting_started }]
`,
  'cairn.yaml',
);

describe('scenario results', () => {
  it('a passing scenario, checked at relative times', () => {
    const result = runScenario(
      defs,
      `
name: no login
steps:
  - { at: 0h, track: Signed Up }
  - { at: 23h, expect: { sent: [] } }
  - { at: 26h, expect: { sent: [trouble_getting_started], journeys: { day_1: completed } } }
  - { at: 30h, track: Report Created }
  - at: 30h
    expect:
      converted: [day_1]
      state: { milestones: [report], segments: [reporters] }
`,
      'tests/ok.yaml',
    );
    assert.ok(result.passed, formatScenarioResult(result));
    assert.equal(result.expectations.length, 6);
  });

  it('a failing scenario says where, when, what was expected and what happened', () => {
    const result = runScenario(
      defs,
      `
name: wrong expectations
steps:
  - { at: 0h, track: Signed Up }
  - { at: 1h, track: Logged In }
  - at: 26h
    expect:
      sent: [trouble_getting_started]
      converted: [day_1]
      state: { segments: [reporters] }
`,
      'tests/wrong.yaml',
    );
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.expectations
        .filter((e) => !e.passed)
        .map((e) => `${e.where} at ${e.at}, ${e.key}: ${e.message}`),
      [
        'tests/wrong.yaml:6 at 26h, sent: expected [trouble_getting_started], got nothing',
        'tests/wrong.yaml:6 at 26h, converted: expected converted in [day_1]; converted: nothing',
        'tests/wrong.yaml:6 at 26h, state.segments: expected in [reporters]; in nothing',
      ],
    );
    const text = formatScenarioResult(result);
    assert.match(text, /^FAIL wrong expectations \(tests\/wrong\.yaml\)$/m);
    assert.match(
      text,
      /tests\/wrong\.yaml:6 at 26h, sent: expected \[trouble_getting_started\], got nothing/,
    );
  });

  it('the message log explains a message that was held back', () => {
    const result = runScenario(
      defs,
      `
name: unsubscribed
steps:
  - { at: 0h, unsubscribe: all }
  - { at: 0h, track: Signed Up }
  - { at: 24h, expect: { sent: [], suppressed: [trouble_getting_started] } }
`,
      'tests/unsubscribed.yaml',
    );
    assert.ok(result.passed, formatScenarioResult(result));
    assert.equal(result.messages[0]?.reason, 'unsubscribed from marketing messages');
  });

  it('holdout: all records would-have-sent messages instead of sending them', () => {
    const result = runScenario(
      defs,
      `
name: held out
holdout: all
steps:
  - { at: 0h, track: Signed Up }
  - { at: 24h, expect: { sent: [], held_out: [trouble_getting_started] } }
`,
      'tests/held-out.yaml',
    );
    assert.ok(result.passed, formatScenarioResult(result));
  });

  it('an invalid scenario file is refused with file, line, column and field', () => {
    const refused = (text: string) => {
      try {
        runScenario(defs, text, 'tests/bad.yaml');
      } catch (error) {
        assert.ok(error instanceof DefinitionsError);
        return error.message.split('\n');
      }
      assert.fail('expected the scenario to be refused');
    };
    assert.deepEqual(
      refused(`
name: bad
steps:
  - { at: 2h, trak: Signed Up }
  - { at: soon, track: Signed Up }
  - { at: 1h, expect: { snet: [x] } }
`),
      [
        'tests/bad.yaml:4:5 steps[0]: expected a scenario step with one of track, identify, page, group, unsubscribe, expect; found "trak" (did you mean "track"?)',
        'tests/bad.yaml:5:11 steps[1].at: expected a time like 0h, 26h or 2d',
        'tests/bad.yaml:6:25 steps[2].expect.snet: unknown key "snet"; did you mean "sent"?',
      ],
    );
    assert.deepEqual(
      refused(`
name: order
steps:
  - { at: 2h, track: A }
  - { at: 1h, track: B }
`),
      [
        'tests/bad.yaml:5:11 steps[1].at: steps of one user must be in time order: 1h comes after a later step of user-1',
      ],
    );
  });
});
