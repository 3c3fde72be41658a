import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compiledJourneys,
  isHeldOut,
  splitPath,
  type SendCommand,
} from '../../../src/engine/journeys/index.js';
import type { SplitStep } from '../../../src/definitions/index.js';
import { DAY, RunHarness, load } from './journey-fixtures.js';

const defs = load(`
journeys:
  nurture:
    trigger: { event: Signed Up }
    holdout: 0.1
    goal: { event: Subscribed, within: 14d }
    steps:
      - { id: hello, send: hello }
      - id: angle
        split:
          - { name: short, percent: 30, steps: [{ id: short_email, send: short }] }
          - { name: long, percent: 70, steps: [{ id: long_email, send: long }] }
      - id: alert
        notify: csm_alert
`);
const journey = compiledJourneys(defs).get('nurture')!;
const users = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

describe('holdout', () => {
  it('is decided by hashing user and journey: the same answer every time', () => {
    for (const user of users.slice(0, 200))
      assert.equal(isHeldOut(user, 'nurture', 0.1), isHeldOut(user, 'nurture', 0.1));
    assert.equal(isHeldOut('user-1', 'nurture', 0), false);
    assert.equal(isHeldOut('user-1', 'nurture', 1), true);
  });

  it('holds out roughly its share of many users, independently per journey', () => {
    const held = users.filter((user) => isHeldOut(user, 'nurture', 0.1));
    const share = held.length / users.length;
    assert.ok(share > 0.09 && share < 0.11, `share ${share}`);
    const other = held.filter((user) => isHeldOut(user, 'another', 0.1)).length / held.length;
    assert.ok(other > 0.07 && other < 0.13, `held out of both: ${other}`);
  });

  it('a held-out run goes through the steps: sends and alerts are recorded, never delivered', () => {
    const user = users.find((id) => isHeldOut(id, 'nurture', 0.1))!;
    const h = new RunHarness(defs, 'nurture', user);
    const run = h.start(h.track('Signed Up')[0]!);
    assert.equal(run.heldOut, true);
    assert.deepEqual(h.ops(), ['send', 'send', 'notify']);
    assert.ok(h.commands.every((c) => (c.op === 'send' || c.op === 'notify') && c.heldOut));
    assert.deepEqual(
      run.history.map((r) => r.outcome),
      ['entered', 'held_out', 'path', 'held_out', 'held_out', 'completed'],
    );
  });

  it('held-out and treated runs convert alike (that is what lift is measured on)', () => {
    const heldUser = users.find((id) => isHeldOut(id, 'nurture', 0.1))!;
    const treatedUser = users.find((id) => !isHeldOut(id, 'nurture', 0.1))!;
    for (const [user, heldOut] of [
      [heldUser, true],
      [treatedUser, false],
    ] as const) {
      const h = new RunHarness(defs, 'nurture', user);
      h.start(h.track('Signed Up')[0]!);
      h.clock.advance(3 * DAY);
      h.occur(...h.track('Subscribed'));
      assert.equal(h.run!.status, 'converted');
      const convert = h.commands.find((c) => c.op === 'convert');
      assert.equal(convert?.op === 'convert' && convert.heldOut, heldOut);
    }
  });
});

describe('split', () => {
  const step = journey.steps.get('angle')!.step as SplitStep;
  const path = (userId: string) =>
    splitPath({ run: { journeyId: 'nurture', userId } as never }, step).name;

  it('is sticky per user: every run of a user takes the same path', () => {
    for (const user of users.slice(0, 50)) {
      const first = new RunHarness(defs, 'nurture', user);
      first.start(first.track('Signed Up')[0]!);
      const again = new RunHarness(defs, 'nurture', user);
      again.clock.advance(30 * DAY);
      again.start(again.track('Signed Up', { second: true })[0]!);
      const template = (h: RunHarness) => (h.commands[1] as SendCommand).template;
      assert.equal(template(first), template(again));
      assert.equal(template(first), path(user) === 'short' ? 'short' : 'long');
    }
  });

  it('follows its percentages over many users', () => {
    const short = users.filter((user) => path(user) === 'short').length / users.length;
    assert.ok(short > 0.28 && short < 0.32, `short ${short}`);
  });

  it('does not depend on the holdout: held-out users take their path too', () => {
    const held = users.filter((id) => isHeldOut(id, 'nurture', 0.1)).slice(0, 20);
    for (const user of held) {
      const h = new RunHarness(defs, 'nurture', user);
      h.start(h.track('Signed Up')[0]!);
      assert.equal((h.commands[1] as SendCommand).template, path(user));
    }
  });
});
