import { Random } from './random.js';
import type { SimAction, SimulationConfig } from './simulation-schema.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface SimAccount {
  id: string;
  name: string;
  employees: number;
  bucket: string;
  industry: string;
  /** Ids of its people, the first user first. */
  members: string[];
  /** Set when the first user upgrades. */
  plan: string | null;
  paidAt: number | null;
}

export interface Answers {
  role: string;
  challenge: string;
  urgency: string;
}

/** A simulated person: what the product would know, and the hidden facts that drive them. */
export interface SimPerson {
  id: string;
  accountId: string;
  /** The first user of the account (who signs up and invites the others). */
  first: boolean;
  name: string;
  email: string;
  timeZone: string;
  /** When they sign up (teammates: once invited and accepted); null: never. */
  signupAt: number | null;
  answers: Answers | null;
  /** The onboarding path the answers lead to (as the workspace's path rules decide). */
  path: string | null;
  persona: string;
  need: number;
  intent: number;
  skill: number;
  useCase: string;
  acquisition: number;
  /** Planted: the chance of activating in time, and whether this person will. */
  activationChance: number;
  willActivate: boolean;
  rng: Random;
  /** How many calls this person has made (their calls' messageIds count with it). */
  calls: number;
  /** Times of the activation milestones they performed (by milestone index). */
  milestonesAt: (number | null)[];
  meaningful48h: boolean | null;
  churnAt: number | null;
  churned: boolean;
  /** Delivered in-app messages not read yet. */
  unread: string[];
  unsubscribed: boolean;
  /** Journeys whose message moved this person to its goal (planted effect fired). */
  moved: string[];
  invited: number;
  /** Actions to perform at the first session from `at` on (a planned milestone, or a journey's
   * effect: `moved` — these bring back even someone who left). */
  pending: { at: number; action: SimAction; moved: boolean }[];
}

export interface Population {
  accounts: SimAccount[];
  people: SimPerson[];
  byId: Map<string, SimPerson>;
}

const PATH_OF_ROLE: Record<string, string> = {
  technical: 'technical',
  business_operations: 'business',
  executive: 'executive',
};
const CHALLENGE_OF_ROLE: Record<string, string> = {
  technical: 'integration_needs',
  business_operations: 'team_coordination',
  executive: 'strategic_oversight',
};
const FIRST = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Emma',
  'Femi',
  'Gita',
  'Hugo',
  'Ines',
  'Jun',
  'Kai',
  'Lea',
  'Mo',
  'Nina',
  'Omar',
  'Pia',
  'Quinn',
  'Rui',
  'Sara',
  'Tom',
  'Uma',
  'Vik',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Adams',
  'Berger',
  'Chen',
  'Diallo',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kim',
  'Lopez',
  'Martin',
  'Novak',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];
const COMPANY = [
  'Acme',
  'Birch',
  'Cobalt',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orbit',
  'Pioneer',
  'Quartz',
  'Ridge',
  'Summit',
  'Tidal',
];
const SUFFIX = ['Labs', 'Systems', 'Group', 'Works', 'Analytics', 'Partners', 'Cloud', 'Studio'];

/**
 * Draws the accounts and people of a run, in a fixed order from the seed: accounts start at
 * times spread over the window; each has a first user and teammates who join by invitation
 * (clusters, not lone users). Each person's hidden traits and planted facts are drawn here from
 * their own stream, so the population is the same whatever happens during the run.
 */
export function drawPopulation(
  config: SimulationConfig,
  seed: string,
  users: number,
  start: number,
  days: number,
): Population {
  const rng = Random.of(seed, 'population');
  const accounts: SimAccount[] = [];
  const people: SimPerson[] = [];
  const personaShares = Object.fromEntries(
    Object.entries(config.behavior_personas).map(([name, p]) => [name, p.share]),
  );
  const acquisitionWeights = Object.fromEntries(config.acquisition.map((a, i) => [i, a.weight]));
  while (people.length < users) {
    const n = accounts.length;
    const bucket = rng.weighted(config.accounts.employees);
    const [lo, hi] = bucketRange(bucket);
    const [teamMin, teamMax] = config.accounts.team[bucket]!;
    const team = Math.min(users - people.length, rng.int(Math.round(teamMin), Math.round(teamMax)));
    const account: SimAccount = {
      id: `acct_${String(n + 1).padStart(5, '0')}`,
      name: `${rng.pick(COMPANY)} ${rng.pick(SUFFIX)} ${n + 1}`,
      employees: rng.int(lo, hi),
      bucket,
      industry: rng.weighted(config.accounts.industry),
      members: [],
      plan: null,
      paidAt: null,
    };
    // The window's last tenth gets no new accounts: everyone has a few days to show something.
    const startsAt = start + Math.floor(rng.next() * days * 0.9 * DAY);
    const acquisition = Number(rng.weighted(acquisitionWeights));
    for (let i = 0; i < Math.max(1, team); i++) {
      const id = `user_${String(people.length + 1).padStart(6, '0')}`;
      const person = drawPerson(config, seed, id, account, i === 0, personaShares, acquisition);
      if (i === 0) person.signupAt = startsAt;
      people.push(person);
      account.members.push(id);
    }
    accounts.push(account);
  }
  return { accounts, people, byId: new Map(people.map((p) => [p.id, p])) };
}

function drawPerson(
  config: SimulationConfig,
  seed: string,
  id: string,
  account: SimAccount,
  first: boolean,
  personaShares: Record<string, number>,
  acquisition: number,
): SimPerson {
  const rng = Random.of(seed, `person:${id}`);
  const given = rng.pick(FIRST);
  const family = rng.pick(LAST);
  const domain = account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const [na, nb] = first ? config.people.need.first_user : config.people.need.teammate;
  const need = clamp(rng.beta(na, nb) + (config.acquisition[acquisition]?.need ?? 0), 0, 1);
  const answers = rng.chance(config.qualifier.answered) ? drawAnswers(config, rng) : null;
  const path = answers ? (PATH_OF_ROLE[answers.role] ?? null) : null;
  const persona = rng.weighted(personaShares);
  const byPath = config.activation.by_path;
  const base = byPath[path ?? 'none'] ?? byPath.none ?? 0;
  const multiplier = config.behavior_personas[persona]!.activation;
  // Need moves the chance around its base: 0.6× at no need, 1.4× at full need.
  const activationChance = clamp(base * multiplier * (0.6 + 0.8 * need), 0, 0.95);
  return {
    id,
    accountId: account.id,
    first,
    name: `${given} ${family}`,
    email: `${given
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${family.toLowerCase()}.${id.slice(5)}@${domain}.example`,
    timeZone: rng.weighted(config.people.time_zones),
    signupAt: null,
    answers,
    path,
    persona,
    need,
    intent: rng.beta(...config.people.intent),
    skill: rng.beta(...config.people.skill),
    useCase: rng.weighted(config.people.use_case),
    acquisition,
    activationChance,
    willActivate: rng.chance(activationChance),
    rng,
    calls: 0,
    milestonesAt: [null, null, null],
    meaningful48h: null,
    churnAt: null,
    churned: false,
    unread: [],
    unsubscribed: false,
    moved: [],
    invited: 0,
    pending: [],
  };
}

function drawAnswers(config: SimulationConfig, rng: Random): Answers {
  const role = rng.weighted(config.qualifier.role);
  const challenge =
    rng.chance(config.qualifier.challenge_matches_role) && CHALLENGE_OF_ROLE[role]
      ? CHALLENGE_OF_ROLE[role]
      : rng.pick(Object.values(CHALLENGE_OF_ROLE));
  return { role, challenge, urgency: rng.weighted(config.qualifier.urgency) };
}

/** `11-50` → [11, 50]; `1000+` → [1000, 5000]. */
function bucketRange(bucket: string): [number, number] {
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(bucket);
  if (range) return [Number(range[1]), Number(range[2])];
  const open = /^(\d+)\+$/.exec(bucket);
  if (open) return [Number(open[1]), Number(open[1]) * 5];
  return [1, 10];
}

/** All three activation milestones within 7 days of signup (the workspace's rule). */
export function activatedInTime(person: SimPerson): boolean {
  if (person.signupAt === null) return false;
  return person.milestonesAt.every((at) => at !== null && at - person.signupAt! <= 7 * DAY);
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export { DAY, HOUR };
