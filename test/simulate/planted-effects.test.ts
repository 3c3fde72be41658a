import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredEvent } from '../../src/core/types.js';
import { readUserState } from '../../src/engine/state/index.js';
import { readAll } from '../../src/simulate/read-all.js';
import type { SimulationResult } from '../../src/simulate/simulate.js';
import type { TruthUser } from '../../src/simulate/truth.js';
import { openTestStore, selectedDialects, type TestStore } from '../support/test-stores.js';
import { MEANINGFUL as EXAMPLE_MEANINGFUL } from '../signals/reference.js';
import { DAY, exampleSimulation, runSimulation, START } from './sim-fixtures.js';

/**
 * Plain code over the stored rows finds what the simulation planted: strong effects, so that a
 * few hundred users show them well beyond chance. One store suffices (the first selected): the
 * rows are the same on both, as the determinism tests show.
 */
const RUN = { users: 360, days: 35, seed: 'planted' };
const END = START + RUN.days * DAY;
const MEANINGFUL = new Set(EXAMPLE_MEANINGFUL);

describe(`planted effects recovered from the stored rows (${selectedDialects()[0]})`, () => {
  let handle: TestStore;
  let result: SimulationResult;
  const events = new Map<string, StoredEvent[]>();
  before(async () => {
    handle = await openTestStore(selectedDialects()[0]!);
    const config = await exampleSimulation((c) => {
      c.churn.daily_hazard = 0.03;
      // Many slow starters: their first session often comes after 48 hours.
      c.people.slow_start = 0.4;
      c.churn.no_meaningful_48h = 4;
      c.churn.urgency = { this_week: 0.5, this_month: 1, evaluating_options: 3 };
      c.journeys.day_1!.effect = 0.7;
      c.journeys.executive_path!.effect = 0;
    });
    result = await runSimulation(handle.store, config, RUN);
    for (let after = 0; ;) {
      const page = await handle.store.readEvents(after, 5000);
      if (!page.length) break;
      for (const event of page) {
        const list = events.get(event.profileId) ?? [];
        list.push(event);
        events.set(event.profileId, list);
      }
      after = page.at(-1)!.seq;
    }
  });
  after(() => handle?.cleanup());

  const signupOf = (id: string) => events.get(id)!.find((e) => e.event === 'Signed Up')!.timestamp;
  const named = (id: string, name: string) =>
    (events.get(id) ?? []).filter((e) => e.event === name);
  /** Left: no login in the last 7 days (of people who signed up 2 weeks or more before the end). */
  const left = (id: string) => !named(id, 'Logged In').some((e) => e.timestamp >= END - 7 * DAY);
  const settled = () =>
    result.truth.people.filter((p) => Date.parse(p.signupAt!) <= END - 14 * DAY);
  const leftShare = (people: TruthUser[]) =>
    people.filter((p) => left(p.id)).length / Math.max(1, people.length);

  it('finds in the events who made a meaningful action within 48 hours, as planted', () => {
    for (const person of result.truth.people) {
      if (person.meaningful48h === null) continue;
      const signup = signupOf(person.id);
      const meaningful = (events.get(person.id) ?? []).some(
        (e) => MEANINGFUL.has(e.event ?? '') && e.timestamp < signup + 48 * 3_600_000,
      );
      assert.equal(meaningful, person.meaningful48h, person.id);
    }
  });

  it('the 48-hour signal: people with no meaningful action in 48 h leave more (planted 4× hazard)', () => {
    const people = settled();
    const without = people.filter((p) => p.meaningful48h === false);
    const withIt = people.filter((p) => p.meaningful48h === true);
    assert.ok(without.length >= 12 && withIt.length >= 20, `${without.length} / ${withIt.length}`);
    const ratio = leftShare(without) / leftShare(withIt);
    assert.ok(
      ratio > 1.4,
      `left: ${leftShare(without).toFixed(2)} vs ${leftShare(withIt).toFixed(2)}`,
    );
  });

  it('the qualifier: "evaluating options" leave more than "this week" (planted 6× hazard)', () => {
    const people = settled();
    const evaluating = people.filter((p) => p.answers?.urgency === 'evaluating_options');
    const urgent = people.filter((p) => p.answers?.urgency === 'this_week');
    assert.ok(evaluating.length >= 15 && urgent.length >= 10);
    assert.ok(
      leftShare(evaluating) > leftShare(urgent) + 0.15,
      `left: ${leftShare(evaluating).toFixed(2)} vs ${leftShare(urgent).toFixed(2)}`,
    );
  });

  it('activation in the events, in Cairn’s state and in the truth agree, person by person', async () => {
    const profiles = new Map(
      (await readAll((page) => handle.store.searchProfiles(page))).map((p) => [p.id, p]),
    );
    for (const person of result.truth.people) {
      const signup = signupOf(person.id);
      const within = (name: string, teammate = false) =>
        named(person.id, name).some(
          (e) =>
            e.timestamp <= signup + 7 * DAY &&
            (!teammate || e.properties.recipient_type === 'teammate'),
        );
      const fromEvents =
        within('Data Source Connected') &&
        within('Report Created') &&
        within('Report Shared', true);
      assert.equal(fromEvents, person.activatedInTime, person.id);
      const state = readUserState(profiles.get(person.id)!.state);
      if (state.activation?.status !== 'pending' && signup + 7 * DAY < END)
        assert.equal(state.activation?.status === 'activated', fromEvents, person.id);
    }
  });

  it('day_1: treated entrants reach the goal more than held-out ones (planted effect 0.7)', async () => {
    const runs = await readAll((page) => handle.store.listRuns({ journeyId: 'day_1' }, page));
    const decided = runs.filter((r) => r.goalDeadline !== null && r.goalDeadline <= END);
    const rate = (held: boolean) => {
      const group = decided.filter((r) => r.heldOut === held);
      return {
        n: group.length,
        rate: group.filter((r) => r.convertedAt !== null).length / group.length,
      };
    };
    const treated = rate(false);
    const heldOut = rate(true);
    assert.ok(heldOut.n >= 8, `held out: ${heldOut.n}`);
    // Expected lift: effect × (1 − held-out rate), minus those the message never reached.
    const expected = 0.7 * (1 - heldOut.rate);
    const lift = treated.rate - heldOut.rate;
    assert.ok(
      lift > 0.15 && lift < expected + 0.25,
      `lift ${lift.toFixed(2)}, expected ≤ ${expected.toFixed(2)}`,
    );
    // No held-out entrant was moved by the message: the effect exists only where it was sent.
    for (const person of result.truth.people)
      if (person.journeys.day_1 === 'held_out') assert.ok(!person.moved.includes('day_1'));
  });

  it('executive_path has no planted effect: nobody was moved by it', () => {
    assert.ok(result.truth.people.every((p) => !p.moved.includes('executive_path')));
    assert.ok(
      result.truth.people.some((p) => p.moved.length > 0),
      'other journeys moved people',
    );
  });
});
