import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
segments:
  pricing_hot:
    when: { performed: Viewed Pricing Page, at_least: 3, within: 14d }
  no_login_10_days:
    when: { not: { performed: Logged In, within: 10d } }
  quiet:
    when: { last_performed: Logged In, older_than: 5d }
  new_user:
    when: { signed_up: { within: 2d } }
  recently_seen:
    when: { last_seen: { within: 1d } }
  explored_early:
    when: { first_performed: [Report Created, Project Created], within: 3d }
  at_most_two_exports:
    when: { performed: Export Created, at_most: 2, within: 1d }
  veteran_maker:
    when: { first_performed: Report Created, older_than: 3d }
  exported_recently:
    when: { last_performed: [Export Created, Import Finished], within: 1d }
`);

describe('windowed counts', () => {
  it('exits "at least 3 in 14 days" at exactly nextCheckAt, with no new event', () => {
    const user = new UserSimulator(defs);
    user.page('Pricing');
    user.clock.advance(2 * DAY);
    user.page('Pricing');
    user.clock.advance(3 * DAY);
    const entered = user.page('Pricing');
    assert.deepEqual(
      named(entered, 'Segment Entered').map((c) => c.properties.segment),
      ['pricing_hot'],
    );
    assert.match(
      named(entered, 'Segment Entered')[0]!.properties.reason.facts[0]!,
      /3 times in the last 2w \(at least 3: yes\)/,
    );

    // The oldest of the three (at START) leaves the 14-day window at START + 14d.
    const exitAt = START + 14 * DAY;
    assert.ok(user.nextCheckAt! <= exitAt);
    const fired = user.runTimers(exitAt - 1);
    const pricingExits = named(fired, 'Segment Exited').filter(
      (c) => c.properties.segment === 'pricing_hot',
    );
    assert.equal(pricingExits.length, 0, 'still a member one millisecond before');
    assert.ok('pricing_hot' in user.state.segments);
    assert.equal(user.nextCheckAt, exitAt);

    const exits = named(user.runTimers(exitAt), 'Segment Exited');
    assert.deepEqual(
      exits.map((c) => c.properties.segment),
      ['pricing_hot'],
    );
    assert.deepEqual(user.ticks.slice(-1), [exitAt]);
    assert.equal(exits[0]!.timestamp, exitAt);
    assert.equal(exits[0]!.properties.enteredAt, START + 5 * DAY);
    assert.deepEqual(exits[0]!.properties.reason.cause, { type: 'tick', at: exitAt });
    assert.match(
      exits[0]!.properties.reason.facts[0]!,
      /2 times in the last 2w \(at least 3: no\)/,
    );
  });

  it('keeps only the newest times each rule needs', () => {
    const user = new UserSimulator(defs);
    for (let i = 0; i < 10; i++) {
      user.page('Pricing');
      user.clock.advance(HOUR);
    }
    assert.equal(user.state.recent['Viewed Pricing Page']!.length, 3);
    assert.equal(user.state.recent['Export Created'], undefined, 'an empty list is left out');
  });

  it('"at most 2 in a day" turns true again as old events leave the window', () => {
    const user = new UserSimulator(defs);
    for (let i = 0; i < 3; i++) user.track('Export Created');
    assert.ok(!('at_most_two_exports' in user.state.segments));
    const changes = user.advance(DAY);
    assert.deepEqual(
      named(changes, 'Segment Entered').map((c) => c.properties.segment),
      ['at_most_two_exports'],
    );
  });

  it('counts an imported event at its own time', () => {
    const user = new UserSimulator(defs);
    user.clock.advance(20 * DAY);
    user.page('Pricing', { at: START });
    user.page('Pricing');
    user.page('Pricing');
    assert.ok(!('pricing_hot' in user.state.segments), 'the old view is outside the window');
  });
});

describe('absence of behavior', () => {
  it('"did not log in in the last 10 days" fires on day 10 though the user never returns', () => {
    const user = new UserSimulator(defs);
    const first = user.track('Logged In');
    assert.ok(
      !named(first, 'Segment Entered').some((c) => c.properties.segment === 'no_login_10_days'),
    );
    user.advance(4 * DAY);
    const login = START + 4 * DAY;
    user.track('Logged In');
    const fired = user.runTimers(START + 30 * DAY);
    const entered = named(fired, 'Segment Entered').find(
      (c) => c.properties.segment === 'no_login_10_days',
    );
    assert.ok(entered);
    assert.equal(entered.timestamp, login + 10 * DAY);
  });

  it('last performed older than 5 days turns true at exactly last + 5d', () => {
    const user = new UserSimulator(defs);
    user.track('Logged In');
    const fired = user.runTimers(START + 6 * DAY);
    const entered = named(fired, 'Segment Entered').find((c) => c.properties.segment === 'quiet');
    assert.equal(entered?.timestamp, START + 5 * DAY);
  });

  it('signed up within 2 days, last seen within 1 day and first performed within 3 days expire on time', () => {
    const user = new UserSimulator(defs);
    user.track('Project Created');
    assert.deepEqual(Object.keys(user.state.segments).sort(), [
      'at_most_two_exports',
      'explored_early',
      'new_user',
      'no_login_10_days',
      'recently_seen',
    ]);
    const exits = named(user.runTimers(START + 4 * DAY), 'Segment Exited');
    assert.deepEqual(
      exits.map((c) => [c.properties.segment, c.timestamp]),
      [
        ['recently_seen', START + DAY],
        ['new_user', START + 2 * DAY],
        ['explored_early', START + 3 * DAY],
      ],
    );
  });

  it('first performed older than 3 days turns true, last performed within a day turns false', () => {
    const user = new UserSimulator(defs);
    user.track('Report Created');
    user.clock.advance(12 * HOUR);
    user.track('Export Created');
    assert.ok('exported_recently' in user.state.segments);
    const fired = user.runTimers(START + 4 * DAY);
    const moments = (name: 'Segment Entered' | 'Segment Exited', segment: string) =>
      named(fired, name)
        .filter((c) => c.properties.segment === segment)
        .map((c) => c.timestamp);
    assert.deepEqual(moments('Segment Exited', 'exported_recently'), [START + 36 * HOUR]);
    assert.deepEqual(moments('Segment Entered', 'veteran_maker'), [START + 3 * DAY]);
  });

  it('nextCheckAt is null when nothing can change without an event', () => {
    const quiet = definitions(`
segments:
  ever_exported:
    when: { performed: Export Created }
`);
    const user = new UserSimulator(quiet);
    user.track('Export Created');
    assert.equal(user.nextCheckAt, null);
  });
});
