/**
 * Truth in numbers for lift: seeded `cairn simulate` populations in which one journey has a
 * planted effect on its goal and another has none, read by the lift code as a user would read
 * them. Counts how often the 95 % interval of the planted journey covers the planted lift, and
 * how often the journey without effect comes out "significant" (p < 0.05).
 *
 * The planted value comes from the simulation file alone, never from the implementation:
 *
 * - Both journeys start on `Signed Up`, hold out half of their entrants and send one email at once.
 * - Their goal holds when the user's qualifier answer `urgency` is `this_week`: set at signup,
 *   before the run starts, so the run converts on entry with probability
 *   p0 = answered × w(this_week) / Σ w(urgency), in both groups alike, and not otherwise.
 * - The planted journey's goal also holds once trait `lift_goal` is true: its planted effect
 *   e makes a treated user who received the email (and had not converted on entry) set it
 *   within 36 hours of working time, inside the 7-day window. Held-out users never receive it.
 *
 * So the treated rate is p0 + (1 − p0)·e, and the lift (1 − p0)·e; relative lift (1 − p0)·e / p0.
 * Every entrant who has not converted gets the email (transactional: no topic, no cap), which
 * the check verifies from the delivery log (`exposure`) rather than assumes.
 *
 * `npm run check:lift` runs 100 seeds (LIFT_CHECK_SEEDS, LIFT_CHECK_USERS, LIFT_CHECK_DAYS).
 */
import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { journeyLifts } from '../src/analytics/lift/run-lift.js';
import type { Lift } from '../src/analytics/lift/lift-reading.js';
import { readSettings } from '../src/config/settings.js';
import { loadDefinitions } from '../src/definitions/index.js';
import { loadSimulation } from '../src/simulate/load-simulation.js';
import { readAll } from '../src/simulate/read-all.js';
import { simulate } from '../src/simulate/simulate.js';
import type { SimulationConfig } from '../src/simulate/simulation-schema.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE_DIR = join(ROOT, 'examples/saas');
const DAY = 86_400_000;
export const START = Date.UTC(2026, 2, 2);

export const PLANTED = 'planted_lift';
export const NULL = 'null_lift';
/** The planted effect e. */
export const EFFECT = 0.15;

const email = { send: { template: 'welcome', transactional: true } };
const CHECK_JOURNEYS = {
  [PLANTED]: {
    trigger: { event: 'Signed Up' },
    goal: {
      rule: {
        any: [
          { trait: 'urgency', equals: 'this_week' },
          { trait: 'lift_goal', equals: true },
        ],
      },
      within: '7d',
    },
    holdout: 0.5,
    steps: [{ id: 'hello', ...email }],
  },
  [NULL]: {
    trigger: { event: 'Signed Up' },
    goal: { rule: { trait: 'urgency', equals: 'this_week' }, within: '7d' },
    holdout: 0.5,
    steps: [{ id: 'hello', ...email }],
  },
};

/** The example workspace with the two check journeys instead of its own, in a temporary folder. */
export async function checkWorkspace(): Promise<{
  dir: string;
  file: string;
  config: SimulationConfig;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-lift-check-'));
  const workspace = parse(await readFile(join(EXAMPLE_DIR, 'cairn.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  workspace.journeys = CHECK_JOURNEYS;
  const file = join(dir, 'cairn.yaml');
  writeFileSync(file, stringify(workspace));
  symlinkSync(join(EXAMPLE_DIR, 'templates'), join(dir, 'templates'));
  const config = await loadSimulation(
    join(EXAMPLE_DIR, 'simulation.yaml'),
    await loadDefinitions(join(EXAMPLE_DIR, 'cairn.yaml')),
  );
  config.tick = 3_600_000;
  config.journeys = {
    [PLANTED]: { effect: EFFECT, actions: [{ traits: { lift_goal: true } }] },
    [NULL]: { effect: 0, actions: [] },
  };
  return { dir, file, config };
}

/** The planted values, from the simulation file alone. */
export function plantedTruth(config: SimulationConfig) {
  const weights = config.qualifier.urgency;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const p0 = config.qualifier.answered * ((weights.this_week ?? 0) / total);
  const effect = config.journeys[PLANTED]!.effect;
  const absolute = (1 - p0) * effect;
  return { p0, p1: p0 + absolute, absolute, relative: absolute / p0 };
}

export interface SeedResult {
  seed: string;
  planted: Lift;
  null: Lift;
  /** Treated planted entrants not converted on entry who received the email, of all such. */
  exposure: { sent: number; of: number };
  /**
   * The pieces of the planted truth as the rows show them, over the planted journey's runs read
   * by the lift (goal window closed): converted on entry (p0's share) in each group, held-out
   * conversions after entry (none expected), and treated runs open after entry with how many
   * of them converted (e's share).
   */
  parts?: {
    treated: { users: number; onEntry: number; open: number; openConverted: number };
    heldOut: { users: number; onEntry: number; later: number };
  };
  /**
   * Clustering of the goal outcome by account, per journey and group, from the rows (users read
   * by the lift, each with their account; a user without one is their own cluster).
   */
  clustering?: Record<'planted' | 'null', { treated: ClusterFacts; heldOut: ClusterFacts }>;
}

/**
 * One group's outcome by cluster: n users, x converted, K clusters, Σ m² over cluster sizes, and
 * Σ_k (x_k − p̂·m_k)², the residual sum of the account-clustered (sandwich) variance of p̂:
 * V_cl = K/(K−1) · Σ_k (x_k − p̂·m_k)² / n², against the binomial p̂(1−p̂)/n.
 */
export interface ClusterFacts {
  users: number;
  converted: number;
  clusters: number;
  sumSquaredSizes: number;
  residual: number;
}

/** The facts of one group from (cluster, converted) rows; plain code, apart from the lift code. */
export function clusterFacts(rows: { cluster: string; converted: boolean }[]): ClusterFacts {
  const byCluster = new Map<string, { m: number; x: number }>();
  for (const r of rows) {
    const c = byCluster.get(r.cluster) ?? { m: 0, x: 0 };
    c.m += 1;
    c.x += r.converted ? 1 : 0;
    byCluster.set(r.cluster, c);
  }
  const users = rows.length;
  const converted = rows.filter((r) => r.converted).length;
  const p = users === 0 ? 0 : converted / users;
  let residual = 0;
  let sumSquaredSizes = 0;
  for (const { m, x } of byCluster.values()) {
    residual += (x - p * m) ** 2;
    sumSquaredSizes += m * m;
  }
  return { users, converted, clusters: byCluster.size, sumSquaredSizes, residual };
}

/** One seeded population, read as `GET /api/analytics/lift` reads it at the end. */
export async function runSeed(
  store: Store,
  workspace: { file: string; config: SimulationConfig },
  seed: string,
  run: { users: number; days: number },
): Promise<SeedResult> {
  const outbox = mkdtempSync(join(tmpdir(), 'cairn-lift-outbox-'));
  try {
    const settings = readSettings({ config: workspace.file }, { CAIRN_OUTBOX_DIR: outbox });
    await simulate({
      store,
      definitionsFile: workspace.file,
      config: workspace.config,
      settings,
      start: START,
      seed,
      ...run,
    });
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
  const end = START + run.days * DAY;
  const definitions = (await loadDefinitions(workspace.file)).definitions;
  const items = await journeyLifts(
    { store, definitions, now: end },
    { journey: null, persona: null, from: 0, to: end },
  );
  const lift = (id: string) => items.find((i) => i.journey === id)!.lift;
  // Exposure, from the rows: treated runs of the planted journey that did not convert on entry,
  // and of those, how many had their email sent.
  const runs = await readAll((page) => store.listRuns({ journeyId: PLANTED }, page));
  const messages = await readAll((page) => store.listMessages({ journeyId: PLANTED }, page));
  const sentRuns = new Set(messages.filter((m) => m.state === 'sent').map((m) => m.runId));
  const open = runs.filter((r) => !r.heldOut && r.convertedAt !== r.enteredAt);
  const read = runs.filter((r) => r.goalDeadline !== null && r.goalDeadline <= end);
  const onEntry = (r: (typeof runs)[number]) => r.convertedAt === r.enteredAt;
  const treated = read.filter((r) => !r.heldOut);
  const heldOut = read.filter((r) => r.heldOut);
  const treatedOpen = treated.filter((r) => !onEntry(r));
  // Clustering by account, from the rows: each user's account, and the runs the lift reads.
  const accountOf = new Map<string, string>();
  for (const u of await store.analytics.analyticsUsers({
    signupEvent: null,
    conversionEvent: null,
    trait: null,
    accountTrait: null,
  }))
    if (u.accountId !== null) accountOf.set(u.id, u.accountId);
  const groupsOf = async (journeyId: string) => {
    const all = await readAll((page) => store.listRuns({ journeyId }, page));
    const first = new Map<string, (typeof all)[number]>();
    for (const r of all) {
      const seen = first.get(r.userId);
      if (!seen || r.enteredAt < seen.enteredAt) first.set(r.userId, r);
    }
    const readRuns = [...first.values()].filter(
      (r) => r.goalDeadline !== null && r.goalDeadline <= end,
    );
    const facts = (held: boolean) =>
      clusterFacts(
        readRuns
          .filter((r) => r.heldOut === held)
          .map((r) => ({
            cluster: accountOf.get(r.userId) ?? `user:${r.userId}`,
            converted: r.convertedAt !== null,
          })),
      );
    return { treated: facts(false), heldOut: facts(true) };
  };
  const clustering = { planted: await groupsOf(PLANTED), null: await groupsOf(NULL) };
  return {
    clustering,
    seed,
    planted: lift(PLANTED),
    null: lift(NULL),
    exposure: { sent: open.filter((r) => sentRuns.has(r.id)).length, of: open.length },
    parts: {
      treated: {
        users: treated.length,
        onEntry: treated.filter(onEntry).length,
        open: treatedOpen.length,
        openConverted: treatedOpen.filter((r) => r.convertedAt !== null).length,
      },
      heldOut: {
        users: heldOut.length,
        onEntry: heldOut.filter(onEntry).length,
        later: heldOut.filter((r) => r.convertedAt !== null && !onEntry(r)).length,
      },
    },
  };
}

export interface CheckSummary {
  runs: number;
  truth: ReturnType<typeof plantedTruth>;
  /** Seeds whose planted interval covers the planted lift (absolute, and relative). */
  covered: number;
  relativeCovered: number;
  /** Seeds where the null journey had p < 0.05. */
  falsePositives: number;
  /** Seeds where the planted journey was read `better`. */
  detected: number;
  tooSmall: number;
  srm: number;
  exposure: number;
  meanTreated: number;
  meanHeldOut: number;
  /** The planted journey's absolute lift over the seeds: mean, spread of one run, error of the mean. */
  estimate: { mean: number; sd: number; seMean: number };
  /** The truth's pieces pooled over the seeds (from `parts`), null when no seed has them. */
  pooled: {
    p0: number;
    p0Se: number;
    effect: number;
    effectSe: number;
    heldOutLater: number;
  } | null;
  /** Design effects by account (from `clustering`), null when no seed has them. */
  clustering: ClusteringSummary | null;
  /**
   * The estimates' spread over the seeds against the binomial model at the true rates and each
   * seed's group sizes: observed variance ÷ mean binomial variance, with a 95 % interval from
   * χ² with (seeds − 1) degrees of freedom (Wilson–Hilferty quantiles).
   */
  spreadRatio: Record<'planted' | 'null' | 'plantedTreated' | 'plantedHeldOut', VarianceRatio>;
}

export interface VarianceRatio {
  ratio: number;
  low: number;
  high: number;
}

/** Observed variance of xs over the expected one, with its χ²(n − 1) interval. */
function varianceRatio(xs: number[], expected: number[]): VarianceRatio {
  const n = xs.length;
  if (n < 2) return { ratio: NaN, low: NaN, high: NaN };
  const ratio = spread(xs).sd ** 2 / (expected.reduce((a, b) => a + b, 0) / n);
  const df = n - 1;
  const q = (z: number) => df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { ratio, low: (ratio * df) / q(1.959964), high: (ratio * df) / q(-1.959964) };
}

function spreadRatios(
  results: SeedResult[],
  truth: ReturnType<typeof plantedTruth>,
): CheckSummary['spreadRatio'] {
  const v = (p: number, n: number) => (p * (1 - p)) / n;
  const read = results.filter((r) => r.planted.absolute !== null && r.null.absolute !== null);
  return {
    planted: varianceRatio(
      read.map((r) => r.planted.absolute!),
      read.map((r) => v(truth.p1, r.planted.treated.users) + v(truth.p0, r.planted.heldOut.users)),
    ),
    null: varianceRatio(
      read.map((r) => r.null.absolute!),
      read.map((r) => v(truth.p0, r.null.treated.users) + v(truth.p0, r.null.heldOut.users)),
    ),
    plantedTreated: varianceRatio(
      read.map((r) => r.planted.treated.rate!),
      read.map((r) => v(truth.p1, r.planted.treated.users)),
    ),
    plantedHeldOut: varianceRatio(
      read.map((r) => r.planted.heldOut.rate!),
      read.map((r) => v(truth.p0, r.planted.heldOut.users)),
    ),
  };
}

/**
 * Per journey: each group's design effect (account-clustered variance of its rate over the
 * binomial one) and the difference's, each summed over the seeds before dividing; the weighted
 * mean cluster size Σm²/n and the intra-class correlation it implies, (DEFF − 1)/(Σm²/n − 1).
 */
export type ClusteringSummary = Record<
  'planted' | 'null',
  {
    treated: { deff: number; meanClusterSize: number; icc: number };
    heldOut: { deff: number; meanClusterSize: number; icc: number };
    difference: number;
  }
>;

const varianceOf = (f: ClusterFacts) => {
  const p = f.users === 0 ? 0 : f.converted / f.users;
  const binomial = f.users === 0 ? 0 : (p * (1 - p)) / f.users;
  const clustered =
    f.clusters < 2 ? 0 : ((f.clusters / (f.clusters - 1)) * f.residual) / f.users ** 2;
  return { binomial, clustered };
};

function clusteringSummary(results: SeedResult[]): ClusteringSummary | null {
  const withFacts = results.filter((r) => r.clustering);
  if (withFacts.length === 0) return null;
  const journey = (j: 'planted' | 'null') => {
    const group = (g: 'treated' | 'heldOut') => {
      let binomial = 0;
      let clustered = 0;
      let users = 0;
      let squares = 0;
      for (const r of withFacts) {
        const f = r.clustering![j][g];
        const v = varianceOf(f);
        binomial += v.binomial;
        clustered += v.clustered;
        users += f.users;
        squares += f.sumSquaredSizes;
      }
      const deff = clustered / binomial;
      const meanClusterSize = squares / users;
      return {
        binomial,
        clustered,
        out: { deff, meanClusterSize, icc: (deff - 1) / (meanClusterSize - 1) },
      };
    };
    const t = group('treated');
    const h = group('heldOut');
    return {
      treated: t.out,
      heldOut: h.out,
      difference: (t.clustered + h.clustered) / (t.binomial + h.binomial),
    };
  };
  return { planted: journey('planted'), null: journey('null') };
}

export function summarize(
  results: SeedResult[],
  truth: ReturnType<typeof plantedTruth>,
): CheckSummary {
  const covers = (lo: number | null, hi: number | null, x: number) =>
    lo !== null && hi !== null && lo <= x && x <= hi;
  const sent = results.reduce((a, r) => a + r.exposure.sent, 0);
  const of = results.reduce((a, r) => a + r.exposure.of, 0);
  const mean = (f: (r: SeedResult) => number) =>
    results.reduce((a, r) => a + f(r), 0) / Math.max(1, results.length);
  return {
    runs: results.length,
    truth,
    covered: results.filter((r) => covers(r.planted.low, r.planted.high, truth.absolute)).length,
    relativeCovered: results.filter((r) =>
      covers(r.planted.relativeLow, r.planted.relativeHigh, truth.relative),
    ).length,
    falsePositives: results.filter((r) => r.null.pValue !== null && r.null.pValue < 0.05).length,
    detected: results.filter((r) => r.planted.verdict === 'better').length,
    tooSmall: results.filter(
      (r) => r.planted.verdict === 'too_small' || r.null.verdict === 'too_small',
    ).length,
    srm: results.filter((r) => r.planted.srm.mismatch || r.null.srm.mismatch).length,
    exposure: of === 0 ? 0 : sent / of,
    meanTreated: mean((r) => r.planted.treated.users),
    meanHeldOut: mean((r) => r.planted.heldOut.users),
    estimate: spread(results.map((r) => r.planted.absolute).filter((x): x is number => x !== null)),
    pooled: pooledParts(results),
    clustering: clusteringSummary(results),
    spreadRatio: spreadRatios(results, truth),
  };
}

function spread(xs: number[]): { mean: number; sd: number; seMean: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, seMean: n > 0 ? sd / Math.sqrt(n) : 0 };
}

function pooledParts(results: SeedResult[]): CheckSummary['pooled'] {
  const withParts = results.filter((r) => r.parts);
  if (withParts.length === 0) return null;
  let users = 0;
  let onEntry = 0;
  let open = 0;
  let openConverted = 0;
  let later = 0;
  for (const { parts } of withParts) {
    users += parts!.treated.users + parts!.heldOut.users;
    onEntry += parts!.treated.onEntry + parts!.heldOut.onEntry;
    open += parts!.treated.open;
    openConverted += parts!.treated.openConverted;
    later += parts!.heldOut.later;
  }
  const p0 = onEntry / users;
  const effect = openConverted / open;
  return {
    p0,
    p0Se: Math.sqrt((p0 * (1 - p0)) / users),
    effect,
    effectSe: Math.sqrt((effect * (1 - effect)) / open),
    heldOutLater: later,
  };
}

/** Prints the summary; true when it passes (see docs/lift.md for the bounds). */
function report(s: CheckSummary, run: string, time: string | null): boolean {
  const { truth } = s;
  const line = (k: string, v: string) => process.stdout.write(`${k.padEnd(36)} ${v}\n`);
  line('seeded runs', `${s.runs} (${run})`);
  line(
    'planted lift (from the file)',
    `${(truth.absolute * 100).toFixed(2)} points (p0 ${truth.p0.toFixed(4)}, relative ${(truth.relative * 100).toFixed(1)} %)`,
  );
  line(
    'users read per group (mean)',
    `treated ${s.meanTreated.toFixed(0)}, held out ${s.meanHeldOut.toFixed(0)}`,
  );
  line('exposure (email sent to open runs)', `${(s.exposure * 100).toFixed(2)} %`);
  line(
    '95 % interval covers the lift',
    `${s.covered} of ${s.runs} (relative: ${s.relativeCovered})`,
  );
  line(
    'estimated lift over the seeds',
    `mean ${(s.estimate.mean * 100).toFixed(2)} points; one run's spread ${(s.estimate.sd * 100).toFixed(2)}, error of the mean ${(s.estimate.seMean * 100).toFixed(2)}`,
  );
  if (s.pooled) {
    const p = s.pooled;
    line(
      'truth pieces from the rows (pooled)',
      `converted on entry ${p.p0.toFixed(4)} ± ${p.p0Se.toFixed(4)} (file: ${truth.p0.toFixed(4)}); open treated runs converted ${p.effect.toFixed(4)} ± ${p.effectSe.toFixed(4)} (file: e); held out converted after entry: ${p.heldOutLater}`,
    );
  }
  const vr = (x: VarianceRatio) =>
    `${x.ratio.toFixed(2)} [${x.low.toFixed(2)}, ${x.high.toFixed(2)}]`;
  line(
    'spread over seeds ÷ binomial',
    `planted lift ${vr(s.spreadRatio.planted)} (treated rate ${vr(s.spreadRatio.plantedTreated)}, held out ${vr(s.spreadRatio.plantedHeldOut)}); null lift ${vr(s.spreadRatio.null)}`,
  );
  if (s.clustering) {
    for (const j of ['planted', 'null'] as const) {
      const c = s.clustering[j];
      const g = (x: { deff: number; meanClusterSize: number; icc: number }) =>
        `DEFF ${x.deff.toFixed(3)} (Σm²/n ${x.meanClusterSize.toFixed(2)}, ICC ${x.icc.toFixed(3)})`;
      line(
        `design effect by account, ${j}`,
        `treated ${g(c.treated)}; held out ${g(c.heldOut)}; difference ${c.difference.toFixed(3)}`,
      );
    }
  }
  line('null journey p < 0.05', `${s.falsePositives} of ${s.runs}`);
  line('planted journey read "better"', `${s.detected} of ${s.runs}`);
  line('too small / sample-ratio flags', `${s.tooSmall} / ${s.srm}`);
  if (time) line('time', time);
  // 93 of 100 is the target for coverage; for false positives, more than 10 of 100 has
  // probability 1.1 % when the test holds its 5 % level (Binomial(100, 0.05)).
  const pass = s.covered >= Math.ceil(0.93 * s.runs) && s.falsePositives <= Math.ceil(0.1 * s.runs);
  line('result', pass ? 'PASS' : 'FAIL');
  return pass;
}

/**
 * Env: LIFT_CHECK_SEEDS (100), LIFT_CHECK_FIRST (1: seeds are lift-<first> …), LIFT_CHECK_USERS
 * (400), LIFT_CHECK_DAYS (14), LIFT_CHECK_JSONL (append each seed's result to this file), and
 * LIFT_CHECK_SUMMARIZE=<file>: only summarize the results of such files (comma-separated), so
 * the seeds can be shared among processes.
 */
async function main(): Promise<void> {
  const users = Number(process.env.LIFT_CHECK_USERS ?? 400);
  const days = Number(process.env.LIFT_CHECK_DAYS ?? 14);
  const workspace = await checkWorkspace();
  const truth = plantedTruth(workspace.config);
  const runText = `${users} users, ${days} days each`;
  if (process.env.LIFT_CHECK_SUMMARIZE) {
    rmSync(workspace.dir, { recursive: true, force: true });
    // By seed: a seed run by two processes counts once.
    const bySeed = new Map<string, SeedResult>();
    for (const file of process.env.LIFT_CHECK_SUMMARIZE.split(','))
      for (const line of (await readFile(file, 'utf8')).split('\n'))
        if (line.trim()) {
          const result = JSON.parse(line) as SeedResult;
          bySeed.set(result.seed, result);
        }
    const results = [...bySeed.values()];
    if (!report(summarize(results, truth), runText, null)) process.exitCode = 1;
    return;
  }
  const seeds = Number(process.env.LIFT_CHECK_SEEDS ?? 100);
  const first = Number(process.env.LIFT_CHECK_FIRST ?? 1);
  const jsonl = process.env.LIFT_CHECK_JSONL;
  const results: SeedResult[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  try {
    for (let i = first; i < first + seeds; i++) {
      const dbDir = mkdtempSync(join(tmpdir(), 'cairn-lift-db-'));
      const store = await openStore({ file: join(dbDir, 'check.db'), synchronous: 'NORMAL' });
      try {
        await store.migrate();
        results.push(await runSeed(store, workspace, `lift-${i}`, { users, days }));
      } finally {
        await store.close();
        rmSync(dbDir, { recursive: true, force: true });
      }
      const r = results.at(-1)!;
      if (jsonl) appendFileSync(jsonl, JSON.stringify(r) + '\n');
      process.stderr.write(
        `seed ${i}: lift ${r.planted.absolute} [${r.planted.low}, ${r.planted.high}] · null p ${r.null.pValue?.toFixed(3)}\n`,
      );
    }
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage(cpu0);
  const time = `wall ${((performance.now() - wall0) / 1000).toFixed(0)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s`;
  if (!report(summarize(results, truth), runText, time)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
