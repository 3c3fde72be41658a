import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFromRow, runToRow, type StoredRunDoc } from '../../src/store/run-rows.js';
import { HOUR, T0, makeRun } from './journey-fixtures.js';

/** The row as a database hands it back: the document through JSON. */
function throughJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('run rows', () => {
  const run = makeRun('r-1', {
    history: [
      { at: T0, stepId: null, outcome: 'entered' },
      { at: T0, stepId: 'send-1', outcome: 'sent', detail: 'email welcome' },
      { at: T0 + HOUR, stepId: 'wait-1', outcome: 'resumed' },
      // A line dated before entry (a migrated run's) keeps its time too.
      { at: T0 - 5, stepId: null, outcome: 'migrated', detail: '' },
    ],
  });

  it('reads back the run it wrote, history lines included', () => {
    const { columns, doc } = runToRow(structuredClone(run));
    assert.deepEqual(runFromRow(columns, throughJson(doc)), run);
  });

  it('keeps history lines as short arrays of [time since entry, step, outcome, detail]', () => {
    const { doc } = runToRow(structuredClone(run));
    assert.deepEqual(doc.history, [
      [0, null, 'entered'],
      [0, 'send-1', 'sent', 'email welcome'],
      [HOUR, 'wait-1', 'resumed'],
      [-5, null, 'migrated', ''],
    ]);
    const before = JSON.stringify({ ...doc, history: run.history });
    assert.ok(JSON.stringify(doc).length < before.length);
  });

  it('reads rows written before, whose history lines are objects', () => {
    const { columns, doc } = runToRow(structuredClone(run));
    const older = throughJson({ ...doc, history: run.history }) as StoredRunDoc;
    assert.deepEqual(runFromRow(columns, older), run);
  });
});
