import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
milestones:
  data_source_connected: { event: Data Source Connected }
  first_report_created: { event: Report Created }
  report_shared: { event: Report Shared, where: { recipient_type: teammate } }
activation:
  milestones: [data_source_connected, first_report_created, report_shared]
  within: 7d
  signup: { event: Signed Up }
segments:
  activated_users:
    when: { activated: true }
  activated_fast:
    when: { milestone: report_shared, within_signup: 3d }
`);

function reachAll(user: UserSimulator, gap: number) {
  user.track('Data Source Connected');
  user.clock.advance(gap);
  user.track('Report Created');
  user.clock.advance(gap);
  return user.track('Report Shared', { recipient_type: 'teammate' });
}

describe('activation', () => {
  it('activates when every milestone is reached within 7 days of signup', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.clock.advance(HOUR);
    const changes = reachAll(user, 2 * DAY);
    const activated = named(changes, 'Activated');
    assert.equal(activated.length, 1);
    const at = START + HOUR + 4 * DAY;
    assert.equal(activated[0]!.properties.activatedAt, at);
    assert.equal(activated[0]!.properties.signupAt, START);
    assert.equal(activated[0]!.properties.timeToValueMs, HOUR + 4 * DAY);
    assert.deepEqual(Object.keys(activated[0]!.properties.milestones), [
      'data_source_connected',
      'first_report_created',
      'report_shared',
    ]);
    assert.deepEqual(user.state.activation, { status: 'activated', at, deadline: START + 7 * DAY });
    // Changes come in order: the milestone, activation, then segments that read it.
    assert.deepEqual(
      changes.map((c) => c.name),
      ['Milestone Reached', 'Activated', 'Segment Entered'],
    );
    assert.equal(
      named(user.track('Report Shared', { recipient_type: 'teammate' }), 'Activated').length,
      0,
      'once',
    );
  });

  it('is missed when the last milestone comes too late, and the deadline is a timer', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.track('Data Source Connected');
    user.track('Report Created');
    assert.equal(user.state.activation?.status, 'pending');
    assert.equal(user.nextCheckAt, START + 7 * DAY);
    user.runTimers(START + 7 * DAY);
    assert.equal(user.state.activation?.status, 'missed');
    user.clock.advance(DAY);
    const late = user.track('Report Shared', { recipient_type: 'teammate' });
    assert.deepEqual(
      late.map((c) => c.name),
      ['Milestone Reached'],
    );
    assert.equal(user.state.activation?.status, 'missed');
  });

  it('counts a late-delivered event at the time it happened', () => {
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.track('Data Source Connected');
    user.track('Report Created');
    user.clock.advance(10 * DAY);
    const changes = user.track(
      'Report Shared',
      { recipient_type: 'teammate' },
      { at: START + 6 * DAY },
    );
    assert.equal(named(changes, 'Activated')[0]?.properties.activatedAt, START + 6 * DAY);
  });

  it('measures from the signup event, or from first seen before it arrives', () => {
    const user = new UserSimulator(defs);
    user.page('Home');
    user.clock.advance(2 * DAY);
    assert.equal(user.state.signupAt, START);
    user.track('Signed Up');
    assert.equal(user.state.signupAt, START + 2 * DAY);
    assert.equal(user.state.activation?.deadline, START + 9 * DAY);
  });

  it('within_signup compares a milestone with signup', () => {
    const fast = new UserSimulator(defs);
    fast.track('Signed Up');
    reachAll(fast, DAY);
    assert.ok('activated_fast' in fast.state.segments);
    const slow = new UserSimulator(defs);
    slow.track('Signed Up');
    reachAll(slow, 2 * DAY);
    assert.ok(!('activated_fast' in slow.state.segments));
    assert.ok('activated_users' in slow.state.segments);
  });
});
