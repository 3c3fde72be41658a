import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY, HOUR, START, UserSimulator, definitions, named } from './user-simulator.js';

const defs = definitions(`
milestones:
  report_created:
    event: Report Created
  report_shared:
    event: Report Created
    where: { shared: true, audience.kind: { in: [teammate, team] } }
  pricing_twice:
    event: Viewed Pricing Page
    times: 2
  three_big_imports:
    event: Import Finished
    where: { rows: { gte: 1000 } }
    times: 3
`);

describe('milestones', () => {
  it('are reached once, at the time of the event, with the event that reached them', () => {
    const user = new UserSimulator(defs);
    user.clock.advance(HOUR);
    const first = named(user.track('Report Created', { shared: false }), 'Milestone Reached');
    assert.deepEqual(
      first.map((c) => c.properties),
      [
        {
          milestone: 'report_created',
          event: 'Report Created',
          messageId: 'm-1',
          reachedAt: START + HOUR,
          reason: {
            rule: 'milestones.report_created',
            cause: {
              type: 'event',
              event: 'Report Created',
              messageId: 'm-1',
              timestamp: START + HOUR,
            },
            facts: ['"Report Created" performed 1 time'],
          },
        },
      ],
    );
    assert.equal(named(user.track('Report Created'), 'Milestone Reached').length, 0);
    assert.deepEqual(user.state.milestones.report_created, {
      at: START + HOUR,
      event: 'Report Created',
      messageId: 'm-1',
    });
  });

  it('match property filters, nested paths and comparisons included', () => {
    const user = new UserSimulator(defs);
    assert.equal(
      named(
        user.track('Report Created', { shared: true, audience: { kind: 'client' } }),
        'Milestone Reached',
      ).length,
      1,
    );
    const shared = named(
      user.track('Report Created', { shared: true, audience: { kind: 'teammate' } }),
      'Milestone Reached',
    );
    assert.deepEqual(
      shared.map((c) => c.properties.milestone),
      ['report_shared'],
    );
    assert.match(
      shared[0]!.properties.reason.facts[0]!,
      /shared equals true, audience.kind in \["teammate","team"\]/,
    );
  });

  it('counts the times a page was viewed (page calls count as "Viewed <name> Page")', () => {
    const user = new UserSimulator(defs);
    user.page('Pricing');
    user.clock.advance(DAY);
    const second = named(user.page('Pricing'), 'Milestone Reached');
    assert.deepEqual(
      second.map((c) => [c.properties.milestone, c.properties.reachedAt]),
      [['pricing_twice', START + DAY]],
    );
  });

  it('count filtered events until the n-th', () => {
    const user = new UserSimulator(defs);
    user.track('Import Finished', { rows: 5000 });
    user.track('Import Finished', { rows: 10 });
    user.track('Import Finished', { rows: 1000 });
    assert.equal(user.state.progress.three_big_imports, 2);
    const third = named(user.track('Import Finished', { rows: '2500' }), 'Milestone Reached');
    assert.deepEqual(
      third.map((c) => c.properties.milestone),
      ['three_big_imports'],
    );
    assert.deepEqual(user.state.progress, {});
  });

  it('are reached from history when a milestone is defined after the fact', () => {
    const before = definitions(`milestones: {}`);
    const user = new UserSimulator(before);
    user.track('Report Created');
    user.clock.advance(DAY);
    user.defs = defs;
    const changes = named(user.tick(), 'Milestone Reached');
    assert.deepEqual(
      changes.map((c) => [
        c.properties.milestone,
        c.properties.reachedAt,
        c.properties.reason.cause.type,
      ]),
      [['report_created', START, 'tick']],
    );
  });
});
