/**
 * Journey runs for the dashboard benchmark's population: every identified user enters the
 * example workspace's `welcome` and `day_1` journeys at their signup (as `Signed Up` triggers
 * both), with histories, waits, holdouts, conversions and exits in the shapes the engine writes,
 * so that the journeys page's step counts and lift read a run table the size of the population.
 * The runs are written through the store's `createRuns`, a slice at a time.
 */
import type { Profile } from '../src/core/types.js';
import type { LoadedDefinitions } from '../src/definitions/index.js';
import { compiledJourneys } from '../src/engine/journeys/compile-journey.js';
import type { JourneyRun, StepRecord } from '../src/engine/journeys/types.js';
import type { Store } from '../src/store/store.js';
import { DAY, NOW, seeded } from '../test/analytics/population.js';

const HOUR = 3_600_000;

function base(
  journeyId: string,
  version: string,
  p: Profile,
  enteredAt: number,
): Omit<JourneyRun, 'status' | 'heldOut' | 'history' | 'visits'> {
  return {
    id: `bench:${journeyId}:${p.id}`,
    journeyId,
    version,
    userId: p.id,
    trigger: {
      key: `signup:${p.id}`,
      name: 'Signed Up',
      properties: {},
      timestamp: enteredAt,
      account: null,
      cause: null,
    },
    enteredAt,
    waiting: null,
    wakeAt: null,
    goalDeadline: null,
    endedAt: null,
    exitReason: null,
    convertedAt: null,
  };
}

const visits = (history: StepRecord[]) => {
  const out: Record<string, number> = {};
  for (const h of history) if (h.stepId && h.outcome !== 'resumed') out[h.stepId] = 1;
  return out;
};

/** The runs of these profiles; `random` decides each run's path. */
export function runsFor(
  profiles: Profile[],
  definitions: LoadedDefinitions,
  random: () => number,
): JourneyRun[] {
  const journeys = compiledJourneys(definitions);
  const welcome = journeys.get('welcome')!.version;
  const day1 = journeys.get('day_1')!.version;
  const runs: JourneyRun[] = [];
  for (const p of profiles) {
    if (p.userId === null) continue;
    const state = p.state as { signupAt?: number; activation?: { status?: string } };
    const at = state.signupAt ?? p.firstSeen;
    if (at > NOW) continue;
    const send = ['welcome_reporting', 'welcome_projects', 'welcome_general'][
      Math.floor(random() * 3)
    ]!;
    const wHistory: StepRecord[] = [
      { at, stepId: null, outcome: 'entered' },
      { at, stepId: 'by_use_case', outcome: 'path' },
      { at, stepId: send, outcome: 'sent' },
      { at, stepId: null, outcome: 'completed' },
    ];
    runs.push({
      ...base('welcome', welcome, p, at),
      status: 'completed',
      heldOut: false,
      history: wHistory,
      visits: visits(wHistory),
      endedAt: at,
    });

    const heldOut = random() < 0.1;
    const run = { ...base('day_1', day1, p, at), goalDeadline: at + 7 * DAY };
    const history: StepRecord[] = [
      { at, stepId: null, outcome: 'entered' },
      { at, stepId: 'first_login', outcome: 'waiting' },
    ];
    const activated = state.activation?.status === 'activated';
    const converted = activated && random() < 0.8 ? at + Math.floor(random() * 7 * DAY) : null;
    const end = (status: JourneyRun['status'], when: number, extra: Partial<JourneyRun> = {}) =>
      runs.push({
        ...run,
        status,
        heldOut,
        history,
        visits: visits(history),
        endedAt: when,
        convertedAt: converted !== null && converted <= NOW ? converted : null,
        ...extra,
      });
    if (NOW - at < 24 * HOUR) {
      runs.push({
        ...run,
        status: 'active',
        heldOut,
        history,
        visits: visits(history),
        waiting: { kind: 'event', stepId: 'first_login', event: 'Logged In', timeoutAt: at + DAY },
        wakeAt: at + DAY,
      });
      continue;
    }
    if (random() < 0.2) {
      history.push(
        { at: at + DAY, stepId: 'first_login', outcome: 'timed_out' },
        heldOut
          ? { at: at + DAY, stepId: 'trouble_getting_started', outcome: 'held_out' }
          : { at: at + DAY, stepId: 'trouble_getting_started', outcome: 'sent' },
        { at: at + DAY, stepId: 'no_login', outcome: 'exited', detail: 'no_login_on_day_1' },
      );
      end('exited', at + DAY, { exitReason: 'no_login_on_day_1' });
      continue;
    }
    const login = at + Math.floor(random() * 20 * HOUR);
    history.push(
      { at: login, stepId: 'first_login', outcome: 'resumed' },
      { at: login, stepId: 'next_morning', outcome: 'waiting' },
    );
    const morning = login + 20 * HOUR;
    if (morning > NOW) {
      runs.push({
        ...run,
        status: 'active',
        heldOut,
        history,
        visits: visits(history),
        waiting: { kind: 'time', stepId: 'next_morning', until: morning },
        wakeAt: morning,
      });
      continue;
    }
    const next = [
      'next_share_report',
      'next_first_report',
      'next_pick_source',
      'next_connect_source',
    ][Math.floor(random() * 4)]!;
    history.push(
      { at: morning, stepId: 'next_morning', outcome: 'resumed' },
      { at: morning, stepId: 'next_step', outcome: 'path' },
      { at: morning, stepId: next, outcome: heldOut ? 'held_out' : 'sent' },
      { at: morning, stepId: null, outcome: 'completed' },
    );
    end(converted !== null && converted <= morning ? 'converted' : 'completed', morning);
  }
  return runs;
}

/** Gives every profile in the store its runs; returns how many were written. */
export async function loadRuns(
  store: Store,
  definitions: LoadedDefinitions,
  seed = 7,
): Promise<number> {
  const random = seeded(seed);
  let written = 0;
  let after: string | undefined;
  do {
    const page = await store.searchProfiles({ limit: 2000, after });
    const runs = runsFor(page.items, definitions, random);
    if (runs.length) await store.transaction((tx) => tx.createRuns(runs));
    written += runs.length;
    after = page.next ?? undefined;
  } while (after !== undefined);
  return written;
}
