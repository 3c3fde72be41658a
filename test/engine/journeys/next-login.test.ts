import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrateRun } from '../../../src/engine/journeys/migrate-run.js';
import { compileJourney, type SendCommand } from '../../../src/engine/journeys/index.js';
import { DAY, HOUR, RunHarness, START, load } from './journey-fixtures.js';

const defs = load(`
milestones:
  shared: { event: Report Shared }
journeys:
  tips:
    trigger: { event: Report Created }
    goal: { rule: { milestone: shared } }
    steps:
      - { id: email, send: collaboration_tips }
      - id: tip
        send: { channel: inapp, template: collaboration_tip, show: next_login, within: 7d }
      - { id: after, send: { channel: inapp, template: after } }
`);

/** `show: next_login`: an in-app message held until the user's next login after the step. */
describe('a send step shown at the next login', () => {
  it('waits for the next login, then queues the message and goes on', () => {
    const h = new RunHarness(defs, 'tips');
    const run = h.start(h.track('Report Created')[0]!);
    assert.deepEqual(h.sent(), ['collaboration_tips']);
    assert.deepEqual(run.waiting, {
      kind: 'event',
      stepId: 'tip',
      event: 'Logged In',
      timeoutAt: START + 7 * DAY,
    });
    assert.equal(run.wakeAt, START + 7 * DAY);

    h.clock.advance(2 * HOUR);
    h.occur(...h.track('Project Created'));
    assert.deepEqual(h.sent(), ['collaboration_tips'], 'other events do not release it');

    h.clock.advance(10 * HOUR);
    h.occur(...h.track('Logged In'));
    assert.deepEqual(h.sent(), ['collaboration_tips', 'collaboration_tip', 'after']);
    const tip = h.commands.find((c) => c.op === 'send' && c.template === 'collaboration_tip');
    assert.equal((tip as SendCommand).channel, 'inapp');
    assert.equal((tip as SendCommand).idempotencyKey, `${run.id}:tip:1`);
    assert.equal((tip as SendCommand).at, START + 12 * HOUR, 'queued at the login');
    assert.equal(h.run!.status, 'completed');
    const history = h.run!.history.filter((r) => r.stepId === 'tip');
    assert.deepEqual(
      history.map((r) => [r.outcome, r.detail]),
      [
        ['waiting', 'Logged In, then inapp collaboration_tip'],
        ['matched', 'Logged In'],
        ['sent', 'inapp collaboration_tip'],
      ],
    );
  });

  it('sends nothing when no login comes in time, and the journey goes on', () => {
    const h = new RunHarness(defs, 'tips');
    h.start(h.track('Report Created')[0]!);
    h.fireTimer();
    assert.equal(h.clock.now(), START + 7 * DAY);
    assert.deepEqual(h.sent(), ['collaboration_tips', 'after']);
    assert.deepEqual(h.run!.history.at(-3), {
      at: START + 7 * DAY,
      stepId: 'tip',
      outcome: 'timed_out',
      detail: 'no login in time: not sent',
    });
    // A login after the timeout, sent late, does not count either.
    const late = new RunHarness(defs, 'tips');
    late.start(late.track('Report Created')[0]!);
    late.clock.advance(8 * DAY);
    late.occur(...late.apply({ type: 'track', event: 'Logged In', timestamp: START + 8 * DAY }));
    assert.deepEqual(late.sent(), ['collaboration_tips', 'after']);
  });

  it('never shows a tip whose goal was reached while it waited', () => {
    const h = new RunHarness(defs, 'tips');
    h.start(h.track('Report Created')[0]!);
    h.clock.advance(HOUR);
    h.occur(...h.track('Report Shared'));
    h.clock.advance(HOUR);
    h.occur(...h.track('Logged In'));
    assert.equal(h.run!.status, 'converted');
    assert.deepEqual(h.sent(), ['collaboration_tips']);
  });

  it('keeps waiting across versions that keep the step, restarts it when it changed kind', () => {
    const h = new RunHarness(defs, 'tips');
    const run = h.start(h.track('Report Created')[0]!);
    const edited = (tip: string) =>
      load(`
journeys:
  tips:
    trigger: { event: Report Created }
    steps:
      - { id: email, send: collaboration_tips }
      - ${tip}
`).definitions.journeys.tips!;
    const move = (definition: ReturnType<typeof edited>) => {
      const ctx = {
        journey: compileJourney('tips', definition),
        user: h.user,
        now: h.clock.now(),
        zone: 'UTC',
        run: { ...run, waiting: run.waiting && { ...run.waiting }, history: [...run.history] },
        commands: [],
      };
      migrateRun(ctx);
      return ctx;
    };
    const kept = move(
      edited('{ id: tip, send: { channel: inapp, template: tip_v2, show: next_login } }'),
    );
    assert.deepEqual(kept.run.waiting, run.waiting);
    const changed = move(edited('{ id: tip, send: { channel: inapp, template: tip_now } }'));
    assert.equal(changed.run.waiting, null);
    assert.deepEqual(
      changed.commands.map((c: { op: string; template?: string }) => [c.op, c.template]),
      [['send', 'tip_now']],
    );
  });
});

describe('show in cairn.yaml', () => {
  const step = (send: string) => `
journeys:
  j:
    trigger: { event: A }
    steps:
      - { id: s, send: ${send} }
`;
  const parsed = (send: string) => load(step(send)).definitions.journeys.j!.steps[0];

  it('defaults the wait to 14 days; show: now is the default, spelt out', () => {
    assert.deepEqual(parsed('{ channel: inapp, template: t, show: next_login }'), {
      id: 's',
      send: {
        channel: 'inapp',
        template: 't',
        transactional: false,
        show: 'next_login',
        within: 14 * DAY,
      },
    });
    assert.deepEqual(parsed('{ channel: inapp, template: t, show: now }'), {
      id: 's',
      send: { channel: 'inapp', template: 't', transactional: false },
    });
  });

  it('is for in-app messages, and within only goes with it', () => {
    for (const [send, message] of [
      ['{ template: t, show: next_login }', /show: next_login is for in-app messages/],
      ['{ channel: inapp, template: t, within: 3d }', /within is how long a show: next_login/],
      ['{ channel: inapp, template: t, show: later }', /expected now or next_login/],
    ] as const) {
      assert.throws(() => load(step(send)), message);
    }
  });
});
