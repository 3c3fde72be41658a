import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyProfileUpdate, type SendCommand } from '../../../src/engine/journeys/index.js';
import { newProfile } from '../../../src/engine/profile/new-profile.js';
import { DAY, HOUR, RunHarness, START, load } from './journey-fixtures.js';

const defs = load(`
topics:
  onboarding: { description: Getting started }
milestones:
  report: { event: Report Created }
segments:
  reporters: { when: { milestone: report } }
journeys:
  steps:
    priority: low
    trigger: { event: Signed Up }
    steps:
      - id: hello
        send: { template: hello, topic: onboarding, priority: high }
      - { id: a_day, wait: 1d }
      - id: login
        wait_until: { event: Logged In, where: { device: web }, timeout: 2d }
        on_timeout:
          - { id: nudge, send: { template: nudge, channel: inapp } }
      - { id: after, send: after }
  rule_wait:
    trigger: { event: Signed Up }
    steps:
      - id: report
        wait_until: { rule: { milestone: report }, timeout: 3d }
        on_timeout: [{ id: stop, exit: no_report }]
      - { id: well_done, send: well_done }
  branches:
    trigger: { event: Signed Up }
    steps:
      - id: route
        branch:
          - where: { plan: team }
            steps: [{ id: team, send: team }]
          - when: { segment: reporters }
            steps: [{ id: reporter, send: reporter }]
          - steps: []
      - id: alert
        notify: { channel: slack, template: csm_alert, to: customer_success }
      - id: tag
        update: { set: { onboarded: true }, unset: [trial_note], points: 10, tags: [pioneer] }
      - { id: bye, exit: done }
      - { id: unreachable, send: never }
  local:
    trigger: { event: Signed Up }
    steps:
      - id: morning
        wait: { for: 12h, at: '09:30' }
      - { id: m, send: morning }
      - id: friday
        wait: { days: [fri] }
      - { id: f, send: friday }
`);

describe('journey steps', () => {
  it('send: a command with channel, template, topic, priority and an idempotency key', () => {
    const h = new RunHarness(defs, 'steps');
    const run = h.start(h.track('Signed Up')[0]!);
    const send = h.commands[0] as SendCommand;
    assert.equal(send.op, 'send');
    assert.equal(send.channel, 'email');
    assert.equal(send.template, 'hello');
    assert.equal(send.topic, 'onboarding');
    assert.equal(send.priority, 'high', 'the step overrides the journey priority');
    assert.equal(send.transactional, false);
    assert.equal(send.heldOut, false);
    assert.equal(send.idempotencyKey, `${run.id}:hello:1`);
    assert.equal(send.trigger.name, 'Signed Up');
  });

  it('wait (a duration) then wait_until an event: a matching event moves on', () => {
    const h = new RunHarness(defs, 'steps');
    h.start(h.track('Signed Up')[0]!);
    assert.deepEqual(h.run!.waiting, { kind: 'time', stepId: 'a_day', until: START + DAY });
    assert.equal(h.run!.wakeAt, START + DAY);
    assert.deepEqual(h.commands[1], { ...h.commands[1], op: 'wait', until: START + DAY });
    h.fireTimer();
    assert.deepEqual(h.run!.waiting, {
      kind: 'event',
      stepId: 'login',
      event: 'Logged In',
      timeoutAt: START + 3 * DAY,
    });
    assert.equal(h.ops().at(-1), 'waitFor');
    h.clock.advance(HOUR);
    h.occur(...h.track('Logged In', { device: 'mobile' }));
    assert.equal(h.run!.waiting?.stepId, 'login', 'the property filter must match');
    h.occur(...h.track('Logged In', { device: 'web' }));
    assert.deepEqual(h.sent(), ['hello', 'after']);
    assert.equal(h.run!.status, 'completed');
    assert.equal(h.run!.wakeAt, null);
  });

  it('wait_until times out: on_timeout runs, then the journey continues after the step', () => {
    const h = new RunHarness(defs, 'steps');
    h.start(h.track('Signed Up')[0]!);
    h.fireTimer();
    h.fireTimer();
    assert.equal(h.clock.now(), START + 3 * DAY);
    assert.deepEqual(h.sent(), ['hello', 'nudge', 'after']);
    const nudge = h.commands.find((c) => c.op === 'send' && c.template === 'nudge') as SendCommand;
    assert.equal(nudge.channel, 'inapp');
    assert.deepEqual(
      h.run!.history.filter((r) => r.stepId === 'login').map((r) => r.outcome),
      ['waiting', 'timed_out'],
    );
  });

  it('wait_until a rule: already true passes through; otherwise an occurrence re-checks it', () => {
    const already = new RunHarness(defs, 'rule_wait');
    already.track('Report Created');
    already.start(already.track('Signed Up')[0]!);
    assert.deepEqual(already.sent(), ['well_done']);
    assert.equal(already.run!.history.find((r) => r.stepId === 'report')?.outcome, 'passed');

    const later = new RunHarness(defs, 'rule_wait');
    later.start(later.track('Signed Up')[0]!);
    assert.equal(later.run!.waiting?.kind, 'rule');
    assert.equal(later.ops().at(-1), 'waitFor');
    later.clock.advance(DAY);
    later.occur(...later.track('Report Created'));
    assert.deepEqual(later.sent(), ['well_done']);

    const never = new RunHarness(defs, 'rule_wait');
    never.start(never.track('Signed Up')[0]!);
    never.fireTimer();
    assert.equal(never.run!.status, 'exited');
    assert.equal(never.run!.exitReason, 'no_report');
  });

  it('branch: the first path whose where (trigger properties) and when (rule) hold', () => {
    const team = new RunHarness(defs, 'branches');
    team.track('Report Created');
    team.start(team.track('Signed Up', { plan: 'team' })[0]!);
    assert.deepEqual(team.sent(), ['team']);

    const reporter = new RunHarness(defs, 'branches');
    reporter.track('Report Created');
    reporter.start(reporter.track('Signed Up', { plan: 'solo' })[0]!);
    assert.deepEqual(reporter.sent(), ['reporter']);

    const other = new RunHarness(defs, 'branches');
    other.start(other.track('Signed Up')[0]!);
    assert.deepEqual(other.sent(), [], 'an empty default path goes on after the branch');
    assert.equal(other.run!.history.find((r) => r.stepId === 'route')?.detail, 'branch[2]');
  });

  it('notify, update and exit: commands as data; exit ends the run before later steps', () => {
    const h = new RunHarness(defs, 'branches');
    const run = h.start(h.track('Signed Up')[0]!);
    assert.deepEqual(h.ops(), ['notify', 'update', 'exit']);
    const [notify, update, exit] = h.commands;
    assert.deepEqual(
      { ...notify },
      {
        op: 'notify',
        runId: run.id,
        journeyId: 'branches',
        userId: 'user-1',
        at: START,
        stepId: 'alert',
        channel: 'slack',
        template: 'csm_alert',
        to: 'customer_success',
        idempotencyKey: `${run.id}:alert:1`,
        heldOut: false,
        trigger: run.trigger,
      },
    );
    assert.deepEqual(
      {
        set: update!.op === 'update' && update!.set,
        unset: update!.op === 'update' && update!.unset,
      },
      { set: { onboarded: true }, unset: ['trial_note'] },
    );
    assert.equal(exit!.op === 'exit' && exit!.reason, 'done');
    assert.equal(run.status, 'exited');
    assert.equal(run.exitReason, 'done');
    assert.equal(run.visits.unreachable, undefined);

    const profile = newProfile('u', START);
    profile.traits = { trial_note: 'x', points: 5, tags: ['early'] };
    const before = applyProfileUpdate(profile, update as never);
    assert.deepEqual(before, { trial_note: 'x', points: 5, tags: ['early'] });
    assert.deepEqual(profile.traits, { points: 15, tags: ['early', 'pioneer'], onboarded: true });
  });

  it('wait until a local time of day and a weekday, in the user’s time zone', () => {
    const h = new RunHarness(defs, 'local');
    h.identify({ timezone: 'Asia/Tokyo' });
    // Monday 09:00 UTC is 18:00 in Tokyo; 12 hours later is Tuesday 06:00 there, so 09:30.
    h.start(h.track('Signed Up')[0]!);
    assert.equal(h.run!.wakeAt, Date.UTC(2026, 0, 6, 0, 30));
    h.fireTimer();
    assert.deepEqual(h.sent(), ['morning']);
    // Tuesday 09:30 in Tokyo → Friday 00:00 in Tokyo = Thursday 15:00 UTC.
    assert.equal(h.run!.wakeAt, Date.UTC(2026, 0, 8, 15, 0));
    h.fireTimer();
    assert.deepEqual(h.sent(), ['morning', 'friday']);
  });
});
