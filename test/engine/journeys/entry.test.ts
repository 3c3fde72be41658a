import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compiledJourneys,
  decideEntry,
  entryHistory,
  NEVER_ENTERED,
  type EntryHistory,
  type Occurrence,
} from '../../../src/engine/journeys/index.js';
import { DAY, HOUR, RunHarness, START, load } from './journey-fixtures.js';

const defs = load(`
segments:
  pro: { when: { trait: plan, equals: pro } }
journeys:
  once:
    trigger: { event: Logged In }
    steps: [{ id: a, send: a }]
  every_time:
    trigger: { event: Logged In }
    entry: every_time
    steps: [{ id: a, send: a }]
  every_time_concurrent:
    trigger: { event: Logged In }
    entry: every_time
    concurrent: true
    steps: [{ id: a, send: a }]
  cooldown:
    trigger: { event: Logged In }
    entry: { cooldown: 7d }
    steps: [{ id: a, send: a }]
  audience:
    trigger: { event: Logged In }
    audience: { segment: pro }
    steps: [{ id: a, send: a }]
  fresh_only:
    trigger: { event: Logged In }
    max_event_age: 1h
    steps: [{ id: a, send: a }]
  paused:
    enabled: false
    trigger: { event: Logged In }
    steps: [{ id: a, send: a }]
  draft:
    draft: true
    trigger: { event: Logged In }
    steps: [{ id: a, send: a }]
`);

function decide(
  id: string,
  history: EntryHistory = NEVER_ENTERED,
  setup?: (h: RunHarness) => void,
) {
  const h = new RunHarness(defs, id);
  setup?.(h);
  const occurrence = h.track('Logged In')[0]!;
  return decideEntry({
    journey: compiledJourneys(defs).get(id)!,
    occurrence,
    user: h.user,
    history,
    now: h.clock.now(),
  });
}

const live: EntryHistory = { entered: 1, lastEnteredAt: START - DAY, active: 1 };
const done: EntryHistory = { entered: 1, lastEnteredAt: START - DAY, active: 0 };

describe('entry decision', () => {
  it('once: never a second run', () => {
    assert.equal(decide('once').enter, true);
    assert.deepEqual(decide('once', done), {
      enter: false,
      reason: 'once',
      detail: 'entered before (entry: once)',
    });
  });

  it('every_time: again after each run, but one live run at a time unless concurrent', () => {
    assert.equal(decide('every_time', done).enter, true);
    const refused = decide('every_time', live);
    assert.equal(!refused.enter && refused.reason, 'live_run');
    assert.equal(decide('every_time_concurrent', live).enter, true);
  });

  it('cooldown: again only once the cooldown has passed since the last entry', () => {
    const recent = decide('cooldown', { entered: 3, lastEnteredAt: START - 2 * DAY, active: 0 });
    assert.deepEqual(recent, {
      enter: false,
      reason: 'cooldown',
      detail: 'entered 2d ago (cooldown 1w)',
    });
    assert.equal(
      decide('cooldown', { entered: 3, lastEnteredAt: START - 7 * DAY, active: 0 }).enter,
      true,
    );
  });

  it('audience: a rule that must hold at entry', () => {
    const refused = decide('audience');
    assert.equal(!refused.enter && refused.reason, 'audience');
    assert.equal(decide('audience', NEVER_ENTERED, (h) => h.identify({ plan: 'pro' })).enter, true);
  });

  it('imported events and events older than the max age never start a journey', () => {
    const h = new RunHarness(defs, 'once');
    const journey = compiledJourneys(defs).get('once')!;
    const at = (occurrence: Occurrence) =>
      decideEntry({
        journey,
        occurrence,
        user: h.user,
        history: NEVER_ENTERED,
        now: h.clock.now(),
      });
    const imported = h.apply({ type: 'track', event: 'Logged In', source: 'import' })[0]!;
    assert.equal(imported.imported, true);
    assert.deepEqual(at(imported), {
      enter: false,
      reason: 'imported',
      detail: 'imported events never start journeys',
    });
    const late = h.apply({ type: 'track', event: 'Logged In', timestamp: START - 25 * HOUR })[0]!;
    const old = at(late);
    assert.equal(!old.enter && old.reason, 'too_old', 'the default max age is 24h');
    const lateButFresh = h.apply({
      type: 'track',
      event: 'Logged In',
      timestamp: START - 2 * HOUR,
    })[0]!;
    assert.equal(at(lateButFresh).enter, true);
    const fresh = compiledJourneys(defs).get('fresh_only')!;
    const refused = decideEntry({
      journey: fresh,
      occurrence: lateButFresh,
      user: h.user,
      history: NEVER_ENTERED,
      now: h.clock.now(),
    });
    assert.equal(!refused.enter && refused.detail, 'happened 2h ago (max 1h)');
  });

  it('drafts and disabled journeys start nothing; another trigger is not_triggered', () => {
    const paused = decide('paused');
    assert.equal(!paused.enter && paused.reason, 'disabled');
    const draft = decide('draft');
    assert.equal(!draft.enter && draft.reason, 'draft');
    const h = new RunHarness(defs, 'once');
    const other = decideEntry({
      journey: compiledJourneys(defs).get('once')!,
      occurrence: h.track('Signed Up')[0]!,
      user: h.user,
      history: NEVER_ENTERED,
      now: h.clock.now(),
    });
    assert.equal(!other.enter && other.reason, 'not_triggered');
  });

  it('the run id comes from user, journey and occurrence: a replay yields the same id', () => {
    const a = decide('every_time');
    const b = decide('every_time');
    assert.ok(a.enter && b.enter);
    assert.equal(a.runId, b.runId, 'same user, journey and messageId');
    const other = decide('every_time_concurrent');
    assert.ok(other.enter && other.runId !== a.runId);
  });

  it('entryHistory summarises past runs', () => {
    assert.deepEqual(
      entryHistory([
        { status: 'completed', enteredAt: 10 },
        { status: 'active', enteredAt: 30 },
        { status: 'exited', enteredAt: 20 },
      ]),
      { entered: 3, lastEnteredAt: 30, active: 1 },
    );
  });
});
