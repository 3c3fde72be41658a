/**
 * The store contract, continued: the user list filtered to the users behind a dashboard number
 * (segment, persona, milestone, activation, signup range, active days), checked against the
 * same filter written in plain code over the rows the test wrote.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonObject, Profile } from '../../src/core/types.js';
import type { JourneyRun } from '../../src/engine/journeys/types.js';
import type { ProfileFilter } from '../../src/store/store.js';
import { makeEvent, makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 2, 2);
const PERSONAS = ['technical', 'executive', 'marketer'];
const MILESTONES = ['connected', 'first_report', 'invited'];

interface Person {
  profile: Profile;
  segments: string[];
  /** Day number and activity name (what activity_days keeps). */
  activity: [number, string][];
  runs: JourneyRun[];
}

/**
 * Journey runs: none for some, one of `j1` that went through a few of its steps (waiting at the
 * last one while active, else completed), a second `j1` run waiting at `s1` for some, a `j2`
 * run for others.
 */
function runsOf(i: number, id: string): JourneyRun[] {
  if (i % 5 === 0) return [];
  const run = (k: number, journeyId: string, steps: string[], active: boolean): JourneyRun => ({
    id: `pf-run-${i}-${k}`,
    journeyId,
    version: 'v1',
    userId: id,
    status: active ? 'active' : i % 3 === 0 ? 'exited' : 'completed',
    heldOut: i % 4 === 3,
    trigger: { key: `t${k}`, name: 'x', properties: {}, timestamp: T, account: null, cause: null },
    enteredAt: T + i * 1000,
    waiting: active ? { kind: 'time', stepId: steps.at(-1)!, until: T + DAY } : null,
    wakeAt: active ? T + DAY : null,
    goalDeadline: null,
    visits: Object.fromEntries(steps.map((s) => [s, 1])),
    history: [
      { at: T + i * 1000, stepId: null, outcome: 'entered' },
      ...steps.map((stepId, n) => ({ at: T + i * 1000 + n, stepId, outcome: 'waiting' as const })),
      ...(active ? [] : [{ at: T + i * 1000 + 9, stepId: null, outcome: 'completed' as const }]),
    ],
    endedAt: active ? null : T + i * 1000 + 9,
    exitReason: null,
    convertedAt: null,
  });
  const steps = ['s1', ...(i % 3 !== 0 ? ['s2'] : []), ...(i % 4 === 1 ? ['s3'] : [])];
  const runs = [run(0, 'j1', steps, i % 2 === 0)];
  if (i % 6 === 1) runs.push(run(1, 'j1', ['s1'], true));
  if (i % 7 === 2) runs.push(run(2, 'j2', ['s2'], i % 2 === 0));
  return runs;
}

const NAMES = ['Report Created', 'Logged In', 'Viewed Pricing Page', 'Task Completed'];

/** Twenty-four people, every combination spread deterministically; a few anonymous. */
function people(): Person[] {
  return Array.from({ length: 24 }, (_, i) => {
    const id = i % 8 === 7 ? `anon:pf-${i}` : `pf-${String(i).padStart(2, '0')}`;
    const milestones: Record<string, { at: number; event: string }> = {};
    MILESTONES.forEach((m, k) => {
      // Reached in the listed order for some, the other way round for others, or at once.
      const at = i % 3 === 0 ? T + k * DAY : i % 3 === 1 ? T + (3 - k) * DAY : T;
      if ((i >> k) % 2 === 1) milestones[m] = { at, event: 'x' };
    });
    const signupAt = i % 5 === 0 ? undefined : T + (i % 6) * DAY;
    const state: JsonObject = {
      milestones,
      personas: { path: { persona: PERSONAS[i % 3], history: [] } },
      activation: { status: i % 4 === 0 ? 'activated' : i % 4 === 1 ? 'pending' : 'expired' },
    };
    if (signupAt !== undefined) state.signupAt = signupAt;
    if (i % 7 === 3) delete state.personas;
    return {
      profile: makeProfile(id, { state, firstSeen: T + (i % 4) * DAY, lastSeen: T + 9 * DAY }),
      segments: [...(i % 2 === 0 ? ['even'] : []), ...(i % 3 === 0 ? ['third'] : [])],
      activity: [
        [(i % 9) + Math.floor(T / DAY), NAMES[i % 4]!],
        [(i % 4) + 3 + Math.floor(T / DAY), NAMES[(i >> 1) % 4]!],
      ],
      runs: runsOf(i, id),
    };
  });
}

/** The reference: the filter in plain code over what the test wrote. */
function matches(p: Person, f: ProfileFilter): boolean {
  const state = p.profile.state as {
    personas?: Record<string, { persona?: string }>;
    milestones?: Record<string, unknown>;
    activation?: { status?: string };
    signupAt?: number;
  };
  if (f.segment !== undefined && !p.segments.includes(f.segment)) return false;
  if (f.persona && state.personas?.[f.persona.dimension]?.persona !== f.persona.persona)
    return false;
  const reached = (state.milestones ?? {}) as Record<string, { at: number }>;
  if (f.milestones && !f.milestones.every((m) => m in reached)) return false;
  if (f.milestones && f.inOrder) {
    for (let k = 1; k < f.milestones.length; k++)
      if (reached[f.milestones[k - 1]!]!.at > reached[f.milestones[k]!]!.at) return false;
  }
  if (f.activated !== undefined && (state.activation?.status === 'activated') !== f.activated)
    return false;
  if (f.signupFrom !== undefined || f.signupTo !== undefined) {
    if (p.profile.userId === null) return false;
    const at = state.signupAt ?? p.profile.firstSeen;
    if (f.signupFrom !== undefined && at < f.signupFrom) return false;
    if (f.signupTo !== undefined && at >= f.signupTo) return false;
  }
  const a = f.active;
  const counted = (day: number, name: string) =>
    a !== undefined &&
    day >= a.fromDay &&
    day <= a.toDay &&
    !a.exclude.includes(name) &&
    !(a.excludeViews && name.startsWith('Viewed '));
  if (a && !p.activity.some(([day, name]) => counted(day, name))) return false;
  const j = f.journeyStep;
  if (j) {
    const at = (r: JourneyRun) => r.status === 'active' && r.waiting?.stepId === j.step;
    const reached = (r: JourneyRun) => r.history.some((h) => h.stepId === j.step);
    const holds = (r: JourneyRun) =>
      r.journeyId === j.journey &&
      (j.state === 'at' ? at(r) : j.state === 'reached' ? reached(r) : reached(r) && !at(r));
    if (!p.runs.some(holds)) return false;
  }
  return true;
}

forEachStore('store contract: the user list filtered', (getStore) => {
  it('returns exactly the users every filter field holds for, by id, in pages', async () => {
    const store = getStore();
    const all = people();
    let n = 50_000;
    await store.transaction(async (tx) => {
      await tx.putProfiles(all.map((p) => p.profile));
      await tx.updateSegmentMembers(
        all.flatMap((p) =>
          p.segments.map((segment) => ({ segment, profileId: p.profile.id, enteredAt: T })),
        ),
      );
      await tx.insertEvents(
        all.flatMap((p) =>
          p.activity.map(([day, name]) =>
            makeEvent((n += 1), {
              profileId: p.profile.id,
              userId: p.profile.userId,
              ...(name.startsWith('Viewed ')
                ? { type: 'page', event: name.slice(7, -5) }
                : { event: name }),
              timestamp: day * DAY + 3_600_000,
            }),
          ),
        ),
      );
      await tx.createRuns(all.flatMap((p) => p.runs));
    });
    const day0 = Math.floor(T / DAY);
    const filters: ProfileFilter[] = [
      { segment: 'even' },
      { segment: 'third', milestones: ['connected'] },
      { persona: { dimension: 'path', persona: 'executive' } },
      { persona: { dimension: 'path', persona: 'executive' }, milestones: ['first_report'] },
      { milestones: ['connected', 'first_report'] },
      { milestones: ['connected', 'first_report', 'invited'] },
      { milestones: ['connected', 'first_report'], inOrder: true },
      { milestones: ['first_report', 'connected'], inOrder: true },
      { milestones: ['connected', 'first_report', 'invited'], inOrder: true },
      { milestones: ['invited'], inOrder: true },
      { persona: { dimension: 'nope', persona: 'executive' } },
      { milestones: ['invited'], activated: true },
      { activated: false },
      { signupFrom: T + DAY, signupTo: T + 3 * DAY },
      { signupFrom: T + 2 * DAY },
      { signupTo: T + DAY, persona: { dimension: 'path', persona: 'technical' } },
      { active: { fromDay: day0 + 7, toDay: day0 + 8, exclude: [], excludeViews: false } },
      { active: { fromDay: day0 + 3, toDay: day0 + 6, exclude: [], excludeViews: false } },
      {
        active: { fromDay: day0 + 3, toDay: day0 + 6, exclude: ['Logged In'], excludeViews: true },
      },
      {
        active: {
          fromDay: day0,
          toDay: day0 + 8,
          exclude: ['Report Created'],
          excludeViews: false,
        },
      },
      {
        active: { fromDay: day0, toDay: day0, exclude: [], excludeViews: false },
        signupFrom: T,
        signupTo: T + DAY,
      },
      { segment: 'no-such-segment' },
      ...(['reached', 'at', 'passed'] as const).flatMap((state) => [
        { journeyStep: { journey: 'j1', step: 's1', state } },
        { journeyStep: { journey: 'j1', step: 's2', state } },
        { journeyStep: { journey: 'j1', step: 's3', state } },
        { journeyStep: { journey: 'j2', step: 's2', state } },
        { journeyStep: { journey: 'j2', step: 's1', state } },
      ]),
      { journeyStep: { journey: 'j1', step: 's2', state: 'passed' }, segment: 'even' },
    ];
    for (const filter of filters) {
      const want = all
        .filter((p) => matches(p, filter))
        .map((p) => p.profile.id)
        .sort();
      const got: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.searchProfiles({ limit: 3, after, filter });
        got.push(...page.items.map((p) => p.id));
        after = page.next ?? undefined;
      } while (after !== undefined);
      // Only the profiles of this test (the schema holds others' too).
      const mine = got.filter((id) => /^(anon:)?pf-/.test(id));
      assert.deepEqual(mine, want, JSON.stringify(filter));
    }
    // Filters combine with the text query.
    const page = await store.searchProfiles({
      limit: 50,
      query: 'pf-1',
      filter: { segment: 'even' },
    });
    assert.deepEqual(
      page.items.map((p) => p.id),
      all
        .filter((p) => p.profile.id.startsWith('pf-1') && p.segments.includes('even'))
        .map((p) => p.profile.id)
        .sort(),
    );
    // The reference is not vacuous: most filters select some users and leave others out.
    const sizes = filters.map((f) => all.filter((p) => matches(p, f)).length);
    assert.ok(sizes.filter((s) => s > 0 && s < all.length).length >= 10, String(sizes));
  });
});
