import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Journey } from '../../../src/definitions/index.js';
import {
  compiledJourneys,
  handleOccurrence,
  handleTimer,
  type JourneyRun,
} from '../../../src/engine/journeys/index.js';
import { DAY, RunHarness, START, load } from './journey-fixtures.js';

const journey = (steps: string) =>
  load(`
journeys:
  onboarding:
    trigger: { event: Signed Up }
    goal: { event: Subscribed, within: 14d }
    steps:
${steps}
`);

const v1 = journey(`
      - { id: hello, send: hello }
      - { id: pause, wait: 2d }
      - { id: follow_up, send: follow_up }`);
const removed = journey(`
      - { id: hello, send: hello_v2 }
      - { id: follow_up, send: follow_up_v2 }`);
const changedWait = journey(`
      - { id: pause, wait: 5d }
      - { id: follow_up, send: follow_up_v3 }`);
const changedKind = journey(`
      - { id: pause, send: pause_is_a_send_now }
      - { id: follow_up, send: follow_up_v4 }`);
const deleted = load(`
journeys:
  something_else:
    trigger: { event: Signed Up }
    steps: [{ id: a, send: a }]
`);

/** A run of v1 waiting at `pause` since START. */
function waitingRun(): { run: JourneyRun; harness: RunHarness } {
  const harness = new RunHarness(v1, 'onboarding');
  harness.start(harness.track('Signed Up')[0]!);
  assert.equal(harness.run!.waiting?.stepId, 'pause');
  return { run: harness.run!, harness };
}

function fireAfterReload(run: JourneyRun, harness: RunHarness, reloaded = v1, keep = false) {
  const v1Definition = v1.definitions.journeys.onboarding!;
  const versions = keep
    ? (id: string, version: string): Journey | null =>
        id === 'onboarding' && version === run.version ? v1Definition : null
    : undefined;
  return handleTimer({
    run,
    user: { ...harness.user, definitions: reloaded },
    versions,
    now: START + 2 * DAY,
  });
}

const sends = (commands: { op: string; template?: string }[]) =>
  commands.flatMap((c) => (c.op === 'send' ? [c.template] : []));

describe('versions', () => {
  it('each journey has its own version; editing it changes only its own', () => {
    const a = compiledJourneys(v1).get('onboarding')!;
    const b = compiledJourneys(removed).get('onboarding')!;
    assert.match(a.version, /^[0-9a-f]{16}$/);
    assert.notEqual(a.version, b.version);
    assert.equal(
      compiledJourneys(
        journey(`
      - { id: hello, send: hello }
      - { id: pause, wait: 2d }
      - { id: follow_up, send: follow_up }`),
      ).get('onboarding')!.version,
      a.version,
    );
  });

  it('a run finishes on the version it started on when the runtime kept it', () => {
    const { run, harness } = waitingRun();
    const result = fireAfterReload(run, harness, removed, true);
    assert.equal(result.run.version, run.version);
    assert.deepEqual(sends(result.commands), ['follow_up']);
    assert.equal(result.run.status, 'completed');
  });

  it('new runs start on the new version', () => {
    const h = new RunHarness(removed, 'onboarding', 'user-2');
    const result = handleOccurrence({
      occurrence: h.track('Signed Up')[0]!,
      user: h.user,
      runs: [],
      history: {},
      now: START,
    });
    assert.equal(result.runs[0]!.version, compiledJourneys(removed).get('onboarding')!.version);
    assert.deepEqual(sends(result.commands), ['hello_v2', 'follow_up_v2']);
  });

  it('without its version, a run waiting at a removed step exits with step_removed', () => {
    const { run, harness } = waitingRun();
    const result = fireAfterReload(run, harness, removed);
    assert.equal(result.run.status, 'exited');
    assert.equal(result.run.exitReason, 'step_removed');
    assert.equal(result.run.wakeAt, null, 'not stranded: ended, with no timer left');
    assert.deepEqual(
      result.commands.map((c) => c.op === 'exit' && [c.reason, c.stepId]),
      [['step_removed', 'pause']],
    );
    assert.deepEqual(
      result.run.history.slice(-2).map((r) => r.outcome),
      ['migrated', 'exited'],
    );
  });

  it('a step kept with the same kind keeps waiting, then follows the new version', () => {
    const { run, harness } = waitingRun();
    const result = fireAfterReload(run, harness, changedWait);
    assert.equal(result.run.version, compiledJourneys(changedWait).get('onboarding')!.version);
    assert.deepEqual(
      sends(result.commands),
      ['follow_up_v3'],
      'the wait it started ends as planned',
    );
  });

  it('a step that changed kind restarts under its new definition', () => {
    const { run, harness } = waitingRun();
    const result = fireAfterReload(run, harness, changedKind);
    assert.deepEqual(sends(result.commands), ['pause_is_a_send_now', 'follow_up_v4']);
  });

  it('a deleted journey ends its runs with journey_removed, even with their version kept', () => {
    for (const keep of [false, true]) {
      const { run, harness } = waitingRun();
      const result = fireAfterReload(run, harness, deleted, keep);
      assert.equal(result.run.status, 'exited');
      assert.equal(result.run.exitReason, 'journey_removed');
      assert.deepEqual(sends(result.commands), []);
    }
  });
});
