import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../src/core/types.js';
import {
  accountOccurrences,
  compiledJourneys,
  decideEntry,
  handleOccurrence,
  journeysListeningTo,
  nextScheduledAt,
  NEVER_ENTERED,
  scheduleOccurrence,
  traitChangeOccurrences,
  triggerMatches,
  type Occurrence,
} from '../../../src/engine/journeys/index.js';
import { anEvent } from '../../support/events.js';
import { DAY, RunHarness, START, load } from './journey-fixtures.js';

const defs = load(`
milestones:
  report: { event: Report Created }
  shared: { event: Report Shared }
activation:
  milestones: [report, shared]
personas:
  behavior:
    rules:
      - { persona: evaluator, when: { performed: Viewed Pricing Page } }
      - { persona: builder, when: { milestone: report } }
score:
  half_life: 14d
  weights: { Report Created: 20, Report Shared: 40 }
  thresholds: { hot: 50 }
lifecycle:
  - { stage: activated, when: { activated: true } }
  - { stage: new }
segments:
  reporters: { when: { milestone: report } }
journeys:
  on_event: { trigger: { event: Report Created, where: { kind: chart } }, steps: [{ id: a, send: a }] }
  on_milestone: { trigger: { milestone: report }, steps: [{ id: a, send: a }] }
  on_any_milestone: { trigger: { milestone: true }, entry: every_time, concurrent: true, steps: [{ id: a, send: a }] }
  on_activated: { trigger: { activated: true }, steps: [{ id: a, send: a }] }
  on_persona: { trigger: { persona_changed: builder }, steps: [{ id: a, send: a }] }
  on_segment_in: { trigger: { segment_entered: reporters }, steps: [{ id: a, send: a }] }
  on_segment_out: { trigger: { segment_exited: reporters }, steps: [{ id: a, send: a }] }
  on_stage: { trigger: { stage_changed: activated }, steps: [{ id: a, send: a }] }
  on_score: { trigger: { score_crossed: hot }, priority: high, steps: [{ id: a, send: a }] }
  on_score_down: { trigger: { score_crossed: hot, direction: down }, steps: [{ id: a, send: a }] }
  on_trait: { trigger: { trait_changed: plan, to: { in: [pro, team] } }, priority: low, steps: [{ id: a, send: a }] }
  weekly: { trigger: { schedule: '0 9 * * mon' }, entry: every_time, steps: [{ id: a, send: a }] }
  account_hot:
    trigger: { account: { score_crossed: hot }, members: { role: [admin] } }
    steps: [{ id: a, send: a }]
  account_event:
    trigger: { account: { event: Plan Upgraded } }
    steps: [{ id: a, send: a }]
`);
const journeys = compiledJourneys(defs);

/**
 * Which journeys' triggers match the occurrences, checking on the way that the journeys listening
 * to each occurrence's name (the index handleOccurrence looks in) hold every one of them.
 */
function matching(occurrences: Occurrence[]): string[] {
  const out = new Set<string>();
  for (const occurrence of occurrences) {
    const matched = [...journeys.values()].filter((journey) =>
      triggerMatches(journey.id, journey.definition.trigger, occurrence),
    );
    const listening = journeysListeningTo(defs, occurrence.name, occurrence.account !== null);
    assert.deepEqual(
      listening
        .filter((j) => triggerMatches(j.id, j.definition.trigger, occurrence))
        .map((j) => j.id)
        .sort(),
      matched.map((j) => j.id).sort(),
      `the journeys listening to ${occurrence.name}`,
    );
    for (const journey of matched) out.add(journey.id);
  }
  return [...out].sort();
}

describe('triggers', () => {
  it('an event with a property filter, and the state changes it causes', () => {
    const h = new RunHarness(defs, 'on_event');
    assert.deepEqual(matching(h.track('Report Created', { kind: 'chart' })), [
      'on_any_milestone',
      'on_event',
      'on_milestone',
      'on_persona',
      'on_segment_in',
    ]);
    assert.deepEqual(matching(h.track('Report Created', { kind: 'table' })), []);
    assert.deepEqual(matching(h.track('Report Shared')), [
      'on_activated',
      'on_any_milestone',
      'on_score',
      'on_stage',
    ]);
  });

  it('a state change keeps the event that caused it, for templates', () => {
    const h = new RunHarness(defs, 'on_milestone');
    const [, milestone] = h.track('Report Created', { name: 'Q3 revenue' });
    assert.equal(milestone!.name, 'Milestone Reached');
    assert.deepEqual(milestone!.cause, {
      event: 'Report Created',
      properties: { name: 'Q3 revenue' },
    });
  });

  it('segment exits and downward score crossings, found by ticks', () => {
    const h = new RunHarness(defs, 'on_score_down');
    h.track('Report Created');
    h.track('Report Shared');
    h.clock.advance(30 * DAY);
    const changes = h.tick();
    const names = changes.map((c) => c.name);
    assert.ok(names.includes('Score Crossed'), names.join());
    const occurrences = changes.map((change): Occurrence => ({
      key: `tick/${change.name}`,
      name: change.name,
      properties: change.properties as unknown as JsonObject,
      timestamp: change.timestamp,
      imported: false,
      account: null,
      cause: null,
    }));
    assert.deepEqual(matching(occurrences), ['on_score_down']);
  });

  it('a trait change, optionally to a matching value', () => {
    const event = anEvent({ type: 'identify', traits: { plan: 'pro' } });
    const [change] = traitChangeOccurrences({ plan: 'trial' }, { plan: 'pro' }, event);
    assert.deepEqual(change!.properties, { trait: 'plan', from: 'trial', to: 'pro' });
    assert.deepEqual(matching([change!]), ['on_trait']);
    const [down] = traitChangeOccurrences({ plan: 'pro' }, { plan: 'free' }, event);
    assert.deepEqual(matching([down!]), []);
    assert.deepEqual(traitChangeOccurrences({ a: [1] }, { a: [1] }, event), []);
  });

  it('a schedule fires at its local time in each time zone', () => {
    const weekly = journeys.get('weekly')!;
    // From Monday 09:00 UTC, the next Monday 09:00 in each zone.
    assert.equal(nextScheduledAt(weekly, 'UTC', START), Date.UTC(2026, 0, 12, 9));
    assert.equal(nextScheduledAt(weekly, 'Europe/Paris', START), Date.UTC(2026, 0, 12, 8));
    assert.equal(nextScheduledAt(weekly, 'America/New_York', START), Date.UTC(2026, 0, 5, 14));
    // Across the spring change in Paris (29 March 2026): 09:00 is then 07:00 UTC.
    assert.equal(
      nextScheduledAt(weekly, 'Europe/Paris', Date.UTC(2026, 2, 25)),
      Date.UTC(2026, 2, 30, 7),
    );
    assert.equal(nextScheduledAt(journeys.get('on_event')!, 'UTC', START), null);
    assert.deepEqual(matching([scheduleOccurrence('weekly', START)]), ['weekly']);
  });

  it('account level: what happened to the account, for members with a role, never twice', () => {
    const h = new RunHarness(defs, 'account_hot');
    const event = anEvent({ type: 'track', event: 'Report Shared', groupId: 'acme' });
    const occurrences = accountOccurrences({
      definitions: defs,
      event,
      accountId: 'acme',
      traitsBefore: { plan: 'trial' },
      traitsAfter: { plan: 'trial', seats: 40 },
      stateBefore: { v: 1, score: { value: 30, at: START } },
      stateAfter: { v: 1, score: { value: 60, at: START } },
      now: START,
    });
    assert.deepEqual(
      occurrences.map((o) => [o.name, o.account]),
      [
        ['Report Shared', 'acme'],
        ['Trait Changed', 'acme'],
        ['Score Crossed', 'acme'],
      ],
    );
    const crossed = occurrences[2]!;
    assert.deepEqual(matching([crossed]), ['account_hot'], 'user-level triggers ignore accounts');
    const decide = () =>
      decideEntry({
        journey: journeys.get('account_hot')!,
        occurrence: crossed,
        user: h.user,
        history: NEVER_ENTERED,
        now: START,
      });
    const refused = decide();
    assert.equal(!refused.enter && refused.reason, 'not_a_member');
    h.identify({ role: 'admin' });
    const first = decide();
    const replay = decide();
    assert.ok(first.enter && replay.enter && first.runId === replay.runId);
  });
});

describe('handleOccurrence', () => {
  const flow = load(`
journeys:
  welcome:
    trigger: { event: Signed Up }
    goal: { event: Subscribed, within: 7d }
    steps:
      - { id: hello, send: hello }
      - { id: wait_login, wait_until: { event: Logged In, timeout: 1d } }
      - { id: next, send: next }
  upsell:
    trigger: { event: Logged In }
    steps: [{ id: offer, send: offer }]
`);

  it('moves the runs that listen first, then starts the journeys the occurrence triggers', () => {
    const h = new RunHarness(flow, 'welcome');
    const signup = handleOccurrence({
      occurrence: h.track('Signed Up')[0]!,
      user: h.user,
      runs: [],
      history: {},
      now: START,
    });
    assert.deepEqual(signup.entries, [
      {
        journeyId: 'welcome',
        decision: { enter: true, runId: signup.runs[0]!.id, heldOut: false },
      },
    ]);
    const login = handleOccurrence({
      occurrence: h.track('Logged In')[0]!,
      user: h.user,
      runs: signup.runs,
      history: { welcome: { entered: 1, lastEnteredAt: START, active: 1 } },
      now: START,
    });
    assert.deepEqual(
      login.runs.map((r) => [r.journeyId, r.status]),
      [
        ['welcome', 'completed'],
        ['upsell', 'completed'],
      ],
    );
    assert.deepEqual(
      login.commands.map((c) => c.op === 'send' && c.template),
      ['next', 'offer'],
    );
    const again = handleOccurrence({
      occurrence: h.track('Signed Up')[0]!,
      user: h.user,
      runs: login.runs,
      history: { welcome: { entered: 1, lastEnteredAt: START, active: 0 } },
      now: START,
    });
    assert.deepEqual(
      again.entries.map((e) => !e.decision.enter && e.decision.reason),
      ['once'],
    );
    assert.deepEqual(again.runs, [], 'nothing changed');
  });

  it('runs are ordered by journey priority: high, normal, low', () => {
    const ordered = load(`
journeys:
  low: { trigger: { event: X }, priority: low, steps: [{ id: a, send: low }] }
  normal: { trigger: { event: X }, steps: [{ id: a, send: normal }] }
  high: { trigger: { event: X }, priority: high, steps: [{ id: a, send: high }] }
`);
    const h = new RunHarness(ordered, 'low');
    const result = handleOccurrence({
      occurrence: h.track('X')[0]!,
      user: h.user,
      runs: [],
      history: {},
      now: START,
    });
    assert.deepEqual(
      result.commands.map((c) => c.op === 'send' && c.template),
      ['high', 'normal', 'low'],
    );
  });
});
