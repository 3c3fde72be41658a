import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR, RunHarness, load } from './journey-fixtures.js';

const defs = load(`
milestones:
  shared: { event: Report Shared }
journeys:
  event_goal:
    trigger: { event: Signed Up }
    goal: { event: Subscribed, where: { plan: pro }, within: 7d }
    exit_when:
      - event: Account Deleted
      - rule: { trait: do_not_contact, equals: true }
    steps:
      - { id: hello, send: hello }
      - { id: two_days, wait: 2d }
      - { id: follow_up, send: follow_up }
  rule_goal:
    trigger: { event: Signed Up }
    goal: { rule: { milestone: shared }, within: 3d }
    steps:
      - { id: one_day, wait: 1d }
      - { id: tips, send: tips }
  no_window:
    trigger: { event: Signed Up }
    goal: { event: Subscribed }
    steps:
      - { id: hello, send: hello }
`);

describe('goals', () => {
  it('an event goal within the window converts the run and stops its steps', () => {
    const h = new RunHarness(defs, 'event_goal');
    const run = h.start(h.track('Signed Up')[0]!);
    assert.equal(run.goalDeadline, run.enteredAt + 7 * DAY);
    h.clock.advance(HOUR);
    h.occur(...h.track('Subscribed', { plan: 'basic' }));
    assert.equal(h.run!.status, 'active', 'the goal’s property filter must match');
    h.occur(...h.track('Subscribed', { plan: 'pro' }));
    assert.equal(h.run!.status, 'converted');
    assert.equal(h.run!.convertedAt, h.clock.now());
    assert.equal(h.run!.wakeAt, null, 'no timer left');
    assert.deepEqual(h.ops(), ['send', 'wait', 'convert']);
    assert.deepEqual(h.sent(), ['hello']);
  });

  it('a completed run still converts while its window is open, not after', () => {
    const inWindow = new RunHarness(defs, 'event_goal');
    inWindow.start(inWindow.track('Signed Up')[0]!);
    inWindow.fireTimer();
    assert.equal(inWindow.run!.status, 'completed');
    inWindow.clock.advance(4 * DAY);
    inWindow.occur(...inWindow.track('Subscribed', { plan: 'pro' }));
    assert.equal(inWindow.run!.status, 'converted');
    assert.equal(inWindow.run!.endedAt! < inWindow.run!.convertedAt!, true);

    const late = new RunHarness(defs, 'event_goal');
    late.start(late.track('Signed Up')[0]!);
    late.fireTimer();
    late.clock.advance(5 * DAY + 1);
    late.occur(...late.track('Subscribed', { plan: 'pro' }));
    assert.equal(late.run!.status, 'completed', '7 days and 1 ms after entry: out of the window');
  });

  it('a rule goal is checked on every input, and an active run past its window goes on', () => {
    const h = new RunHarness(defs, 'rule_goal');
    h.start(h.track('Signed Up')[0]!);
    h.clock.advance(2 * HOUR);
    h.occur(...h.track('Report Shared'));
    assert.equal(h.run!.status, 'converted');
    assert.deepEqual(h.sent(), []);

    const slow = new RunHarness(defs, 'rule_goal');
    slow.start(slow.track('Signed Up')[0]!);
    slow.fireTimer();
    slow.clock.advance(3 * DAY);
    slow.occur(...slow.track('Report Shared'));
    assert.equal(slow.run!.status, 'completed', 'reached after the 3-day window');
    assert.deepEqual(slow.sent(), ['tips']);
  });

  it('without a window, the goal counts only while the run is active', () => {
    const h = new RunHarness(defs, 'no_window');
    h.start(h.track('Signed Up')[0]!);
    assert.equal(h.run!.status, 'completed');
    h.occur(...h.track('Subscribed'));
    assert.equal(h.run!.status, 'completed');
  });

  it('imported events reach no goal', () => {
    const h = new RunHarness(defs, 'event_goal');
    h.start(h.track('Signed Up')[0]!);
    h.occur(
      ...h.apply({
        type: 'track',
        event: 'Subscribed',
        properties: { plan: 'pro' },
        source: 'import',
      }),
    );
    assert.equal(h.run!.status, 'active');
  });
});

describe('exit conditions', () => {
  it('an event ends an active run with reason exit_condition', () => {
    const h = new RunHarness(defs, 'event_goal');
    h.start(h.track('Signed Up')[0]!);
    h.clock.advance(DAY);
    h.occur(...h.track('Account Deleted'));
    assert.equal(h.run!.status, 'exited');
    assert.equal(h.run!.exitReason, 'exit_condition');
    const exit = h.commands.at(-1)!;
    assert.deepEqual(exit.op === 'exit' && [exit.reason, exit.stepId], [
      'exit_condition',
      'two_days',
    ]);
    assert.equal(h.run!.history.at(-1)?.detail, 'exit_when[0]: Account Deleted');
  });

  it('a rule ends it when it holds (checked on every input)', () => {
    const h = new RunHarness(defs, 'event_goal');
    h.start(h.track('Signed Up')[0]!);
    h.occur(...h.identify({ do_not_contact: true }));
    assert.equal(h.run!.status, 'exited');
    assert.deepEqual(h.sent(), ['hello']);
  });
});
