import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { emptyGameState } from '../../src/engine/gamification/game-state.js';
import type { Subject } from '../../src/gamification/load-subjects.js';
import { Leaderboards } from '../../src/reports/leaderboards.js';

const { definitions } = parseDefinitions(`
metrics:
  tasks: { event: Task Completed }
peers: { cohort: [size], min_size: 3 }
`);
const WEEK = 2_900;

function subject(id: string, size: string, tasks: number): Subject {
  const game = emptyGameState('v');
  game.metrics.tasks = { day: [], week: [[WEEK, tasks]], month: [], quarter: [], days: [] };
  return { id, traits: { size }, game, milestones: new Set() };
}

describe('leaderboards within a peer cohort', () => {
  const subjects = [
    subject('a', 'small', 5),
    subject('b', 'small', 9),
    subject('c', 'small', 9),
    subject('d', 'small', 2),
    subject('e', 'small', 7),
    subject('f', 'large', 50),
    subject('g', 'large', 1),
  ];
  const boards = new Leaderboards(definitions, 'week', WEEK, subjects);

  it('ranks the cohort highest first, ties sharing a rank, others anonymized', () => {
    const board = boards.of('a', 'tasks', 3)!;
    assert.deepEqual({ ...board.cohort }, { size: 'small' });
    assert.equal(board.widened, 0);
    assert.equal(board.size, 5);
    // Reference: the small cohort's values sorted down, competition ranks, the owner added.
    assert.deepEqual(
      board.entries.map((e) => [e.rank, e.name, e.value, e.you]),
      [
        [1, 'Peer 1', 9, false],
        [1, 'Peer 2', 9, false],
        [3, 'Peer 3', 7, false],
        [4, 'You', 5, true],
      ],
    );
    assert.ok(!JSON.stringify(board).match(/"[bcde]"/), 'no other subject is named');
  });

  it('widens a cohort below min_size like peers do, and never ranks fewer than k peers', () => {
    // "large" has 1 peer for f: widened to everyone (6 peers).
    const board = boards.of('f', 'tasks', 2)!;
    assert.equal(board.widened, 1);
    assert.equal(board.size, 7);
    assert.deepEqual(board.entries[0], { rank: 1, name: 'You', value: 50, you: true });
    const tiny = new Leaderboards(definitions, 'week', WEEK, subjects.slice(0, 3));
    assert.equal(tiny.of('a', 'tasks', 3), null, 'two peers is fewer than min_size 3');
  });
});
