import type { Store } from '../store/store.js';
import { activatedInTime, DAY, type Population } from './population.js';
import { readAll } from './read-all.js';
import type { SimulationConfig } from './simulation-schema.js';

export interface TruthUser {
  id: string;
  account: string;
  /** The account's first user (the others joined by invitation). */
  first: boolean;
  /** The behavior persona (P2) that drove them. */
  persona: string;
  /** The onboarding path their answers lead to; null without answers. */
  path: string | null;
  answers: { role: string; challenge: string; urgency: string } | null;
  timeZone: string;
  acquisition: { source: string; medium: string; campaign: string };
  need: number;
  intent: number;
  skill: number;
  signupAt: string | null;
  /** Planted: the chance of activating in time, and whether the plan was to activate. */
  activationChance: number;
  plannedActivation: boolean;
  /** What they did: all three activation milestones within 7 days of signup. */
  activatedInTime: boolean;
  meaningful48h: boolean | null;
  /** When they left, and on which day after signup (0-based); null: still active at the end. */
  churnAt: string | null;
  churnDay: number | null;
  /** Their account's paid plan, when the account converted. */
  plan: string | null;
  /** Per journey entered: treated or held out (Cairn's holdout, read from its runs). */
  journeys: Record<string, 'treated' | 'held_out'>;
  /** Journeys whose message moved them to the goal (the planted effect fired). */
  moved: string[];
}

export interface GroundTruth {
  seed: string;
  users: number;
  days: number;
  start: string;
  end: string;
  /** The simulation file as it was run: every planted rate and effect. */
  planted: SimulationConfig;
  /**
   * How to read a journey's planted `effect` e: a treated entrant who has not reached the goal
   * when the first message arrives reaches it with probability e because of it, so the expected
   * lift is e × (1 − the held-out goal rate).
   */
  effectReading: string;
  accounts: {
    id: string;
    name: string;
    employees: number;
    industry: string;
    plan: string | null;
    paidAt: string | null;
  }[];
  people: TruthUser[];
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The planted parameters and, per person, the hidden facts, for checking analytics. */
export async function groundTruth(
  store: Store,
  config: SimulationConfig,
  seed: string,
  population: Population,
  run: { users: number; days: number; start: number },
  end: number,
): Promise<GroundTruth> {
  const runs = await readAll((page) => store.listRuns({}, page));
  const journeys = new Map<string, Record<string, 'treated' | 'held_out'>>();
  // Oldest run first: a user's first entry into a journey says treated or held out.
  for (const r of runs.sort((a, b) => a.enteredAt - b.enteredAt || (a.id < b.id ? -1 : 1))) {
    const mine = journeys.get(r.userId) ?? {};
    mine[r.journeyId] ??= r.heldOut ? 'held_out' : 'treated';
    journeys.set(r.userId, mine);
  }
  const accounts = new Map(population.accounts.map((a) => [a.id, a]));
  const people = population.people
    .filter((p) => p.signupAt !== null && p.signupAt < end)
    .map((p): TruthUser => {
      const acquisition = config.acquisition[p.acquisition]!;
      const churnAt = p.churnAt !== null && p.churnAt < end ? p.churnAt : null;
      return {
        id: p.id,
        account: p.accountId,
        first: p.first,
        persona: p.persona,
        path: p.path,
        answers: p.answers,
        timeZone: p.timeZone,
        acquisition: {
          source: acquisition.source,
          medium: acquisition.medium,
          campaign: acquisition.campaign,
        },
        need: round(p.need),
        intent: round(p.intent),
        skill: round(p.skill),
        signupAt: iso(p.signupAt),
        activationChance: round(p.activationChance),
        plannedActivation: p.willActivate,
        activatedInTime: activatedInTime(p),
        meaningful48h: p.meaningful48h,
        churnAt: iso(churnAt),
        churnDay: churnAt === null ? null : Math.floor((churnAt - p.signupAt!) / DAY),
        plan: accounts.get(p.accountId)?.plan ?? null,
        journeys: journeys.get(p.id) ?? {},
        moved: [...p.moved],
      };
    });
  return {
    seed,
    users: run.users,
    days: run.days,
    start: new Date(run.start).toISOString(),
    end: new Date(end).toISOString(),
    planted: config,
    effectReading:
      'journeys.<id>.effect e: a treated entrant who has not reached the goal when its first message is delivered reaches it because of it with probability e; expected lift = e × (1 − held-out goal rate)',
    accounts: population.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      employees: a.employees,
      industry: a.industry,
      plan: a.plan,
      paidAt: iso(a.paidAt),
    })),
    people,
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
