import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  definitionsJsonSchema,
  loadDefinitions,
  parseCron,
  parseDefinitions,
  referencedTemplateIds,
  referencedTemplates,
} from '../../src/definitions/index.js';
import { definitionErrors as errors } from '../support/definition-errors.js';

describe('journeys in cairn.yaml', () => {
  it('normalises shorthands and fills defaults', () => {
    const { definitions } = parseDefinitions(`
journeys:
  welcome:
    trigger: { event: Signed Up }
    steps:
      - { id: hello, send: welcome }
      - { id: pause, wait: 1d }
      - { id: alert, notify: new_signup }
      - { id: done, exit: true }
`);
    assert.deepEqual(definitions.journeys.welcome, {
      enabled: true,
      draft: false,
      priority: 'normal',
      trigger: { event: 'Signed Up' },
      entry: { kind: 'once' },
      concurrent: false,
      holdout: 0,
      exit_when: [],
      steps: [
        { id: 'hello', send: { channel: 'email', template: 'welcome', transactional: false } },
        { id: 'pause', wait: { for: 86_400_000 } },
        { id: 'alert', notify: { channel: 'slack', template: 'new_signup' } },
        { id: 'done', exit: 'exit_step' },
      ],
    });
  });

  it('a step without a kind, a misspelt option, a wait without timeout, a bad holdout', () => {
    assert.deepEqual(
      errors(`
journeys:
  day_1:
    trigger: { event: Signed Up }
    holdout: 10
    steps:
      - { id: hello, sned: welcome }
      - id: login
        wait_until: { event: Logged In }
      - { id: later, wait: { for: 1d, at: '9h' } }
      - { id: ping, send: { template: ping, chanel: inapp } }
`),
      [
        'cairn.yaml:5:14 journeys.day_1.holdout: expected a share between 0 and 1 (0.1 = 10%)',
        'cairn.yaml:7:9 journeys.day_1.steps[0]: expected a step with one of send, wait, wait_until, branch, split, update, notify, exit; found "sned" (did you mean "send"?)',
        'cairn.yaml:9:9 journeys.day_1.steps[1].wait_until.timeout: missing (expected a duration like 30m, 48h, 7d or 2w)',
        'cairn.yaml:10:43 journeys.day_1.steps[2].wait.at: expected a time of day like 09:00 or 21:30 (24-hour clock)',
        'cairn.yaml:11:45 journeys.day_1.steps[3].send.chanel: unknown key "chanel"; did you mean "channel"?',
      ],
    );
  });

  it('triggers: an unknown kind, a bad cron, a split that does not add up', () => {
    assert.deepEqual(
      errors(`
journeys:
  a:
    trigger: { segment_entred: high_intent }
    steps: [{ id: x, send: x }]
  b:
    trigger: { schedule: '0 9 * * monday' }
    steps:
      - id: ab
        split: [{ percent: 50 }, { percent: 40 }]
`),
      [
        'cairn.yaml:4:14 journeys.a.trigger: expected a trigger with one of event, milestone, activated, persona_changed, segment_entered, segment_exited, stage_changed, score_crossed, trait_changed, schedule, account; found "segment_entred" (did you mean "segment_entered"?)',
        'cairn.yaml:7:26 journeys.b.trigger.schedule: day of week: expected values 0–7 or names (sun, mon, tue, wed, thu, fri, sat), found "monday" (cron: minute hour day month weekday)',
        'cairn.yaml:10:16 journeys.b.steps[0].split: percentages add up to 90; expected 100',
      ],
    );
  });

  it('cross-references: names used by triggers and rules, unique step ids, a default path last', () => {
    assert.deepEqual(
      errors(`
milestones:
  report: { event: Report Created }
segments:
  reporters: { when: { milestone: report } }
journeys:
  a:
    trigger: { milestone: reprot }
    goal: { rule: { segment: reporter }, within: 7d }
    steps:
      - id: hello
        branch:
          - steps: [{ id: x, send: x }]
          - when: { milestone: report }
            steps: [{ id: hello, send: y }]
  b:
    trigger: { score_crossed: hot }
    steps: [{ id: x, send: x }]
`),
      [
        'cairn.yaml:8:27 journeys.a.trigger.milestone: unknown milestone "reprot"; did you mean "report"?',
        'cairn.yaml:9:30 journeys.a.goal.rule.segment: unknown segment "reporter"; did you mean "reporters"?',
        'cairn.yaml:13:13 journeys.a.steps[0].branch[0]: a path without when or where matches everyone, so the paths after it never run; put it last',
        'cairn.yaml:15:27 journeys.a.steps[0].branch[1].steps[0].id: step id "hello" is already used at journeys.a.steps[0]; step ids must be unique within a journey',
        'cairn.yaml:17:31 journeys.b.trigger.score_crossed: score_crossed needs a score section with thresholds',
      ],
    );
  });

  it('delivery: caps per channel, priorities within the max, quiet hours', () => {
    const { definitions } = parseDefinitions(`
delivery:
  default_time_zone: Europe/Paris
  quiet_hours: { from: '21:00', to: '08:00' }
  caps:
    email: { max: 3, per: 7d, by_priority: { low: 1 } }
`);
    assert.deepEqual(definitions.delivery, {
      default_time_zone: 'Europe/Paris',
      quiet_hours: { from: 21 * 60, to: 8 * 60, channels: ['email'] },
      caps: { email: [{ max: 3, per: 7 * 86_400_000, by_priority: { low: 1 } }] },
      max_event_age: 86_400_000,
    });
    assert.deepEqual(
      errors(`
delivery:
  default_time_zone: Paris
  caps:
    email: { max: 3, per: 7d, by_priority: { normal: 4 } }
    fax: { max: 1, per: 1d }
`),
      [
        'cairn.yaml:3:22 delivery.default_time_zone: expected an IANA time zone such as Europe/Paris or UTC',
        'cairn.yaml:5:54 delivery.caps.email.by_priority.normal: expected at most max (3)',
        'cairn.yaml:6:5 delivery.caps.fax: unknown key "fax"; allowed keys: email, inapp, webhook, slack',
      ],
    );
  });

  it('exposes the templates the journeys refer to (their files are checked elsewhere)', async () => {
    const { definitions } = await loadDefinitions('examples/saas/cairn.yaml');
    const ids = referencedTemplateIds(definitions);
    assert.ok(ids.includes('trouble_getting_started') && ids.includes('csm_high_intent_alert'));
    const alert = referencedTemplates(definitions).find(
      (r) => r.template === 'csm_high_intent_alert',
    );
    assert.deepEqual(
      alert && {
        kind: alert.kind,
        channel: alert.channel,
        journey: alert.journey,
        step: alert.step,
      },
      { kind: 'notify', channel: 'slack', journey: 'high_intent_csm_alert', step: 'alert_csm' },
    );
  });

  it('the JSON Schema describes steps and triggers as unions of their kinds', () => {
    const schema = definitionsJsonSchema() as { $defs: Record<string, { anyOf: unknown[] }> };
    assert.equal(schema.$defs.Step!.anyOf.length, 8);
    assert.equal(schema.$defs.Trigger!.anyOf.length, 11);
  });

  it('cron expressions: fields, ranges, steps, names', () => {
    const spec = parseCron('*/15 9-17 * * mon-fri');
    assert.ok(typeof spec !== 'string');
    assert.deepEqual(
      spec.minutes.flatMap((on, m) => (on ? [m] : [])),
      [0, 15, 30, 45],
    );
    assert.deepEqual(
      spec.weekdays.flatMap((on, d) => (on ? [d] : [])),
      [1, 2, 3, 4, 5],
    );
    assert.equal(
      parseCron('0 9 * *'),
      'expected 5 cron fields (minute hour day month weekday), found 4',
    );
    assert.ok(typeof parseCron('0 0 1 jan 7') !== 'string', '7 is Sunday');
  });
});
