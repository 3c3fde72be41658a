/**
 * `npm run bench:reports`: weekly usage reports for BENCH_USERS (100,000) users of the example
 * workspace on SQLite — every subject read from the store once, the period's comparisons built
 * (peers per metric, time saved, recommendations, badge rarity), then per recipient the report
 * assembled, its variables built as the dispatcher builds them and the email rendered (subject,
 * preheader, HTML, text) — beside the bare render rate of the same template with the same
 * variables, measured in the same run. Prints wall and CPU time and the load average.
 * Target: ≤ 30 s on SQLite (≥ 3,300 reports/s).
 *
 * The users' state is written straight to the store (profiles, accounts of 1–200 employees,
 * game state with a week of metrics, levels, streaks, badges, milestones), not through ingest:
 * ingest and the state engine have their own benchmarks (bench:ingest, bench:state). Queuing
 * and delivering the emails is bench:send's.
 *
 * BENCH_DB=path keeps the population in that SQLite file and reuses it when it is there (made
 * for the same BENCH_USERS); without it a temporary file is made and removed. Besides the times,
 * the run prints the process's peak resident memory and its heap after the comparisons are
 * built. Recipients are read BENCH_BATCH (200, the delivery worker's batch) at a time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLinks } from '../src/consent/build-links.js';
import type { Account, Membership, Profile } from '../src/core/types.js';
import { parseDefinitions } from '../src/definitions/index.js';
import { emptyGameState, type GameState } from '../src/engine/gamification/game-state.js';
import { newAccount, newProfile } from '../src/engine/profile/new-profile.js';
import { emptyUserState } from '../src/engine/state/user-state.js';
import { loadSubjectFigures } from '../src/gamification/load-subjects.js';
import { periodComparisons } from '../src/reports/report-source.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { LiquidRenderer } from '../src/templates/liquid-renderer.js';
import { loadTemplates } from '../src/templates/load-templates.js';
import { MjmlCompiler } from '../src/templates/mjml-compiler.js';
import type { RenderContext } from '../src/templates/render-context.js';
import {
  NOW,
  random,
  reportMessage,
  reportPeriods,
  weekMetric,
} from '../test/reports/report-population.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ACCOUNTS = Math.max(1, Math.round(USERS / 20));
/** The delivery worker's default batch (delivery-worker.ts): profiles read at once. */
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const EXAMPLE = 'examples/saas';
const LINKS = {
  baseUrl: 'https://cairn.example.com',
  workspaceSecret: 'bench-secret-0123456789abcdef',
  unsubscribeMailbox: 'unsubscribe@mail.example.com',
};

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function main() {
  const loaded = parseDefinitions(readFileSync(join(EXAMPLE, 'cairn.yaml'), 'utf8'));
  const definitions = loaded.definitions;
  const report = definitions.reports.weekly_user!;
  const { set } = await loadTemplates(join(EXAMPLE, 'templates'));
  const renderer = await LiquidRenderer.create(set, { mjml: new MjmlCompiler() });
  const kept = process.env.BENCH_DB;
  const dir = kept === undefined ? mkdtempSync(join(tmpdir(), 'cairn-bench-reports-')) : null;
  const file = kept ?? join(dir!, 'cairn.db');
  const reuse = kept !== undefined && existsSync(file);
  const store = await openStore({ file });
  await store.migrate();
  const next = random(17);
  const periods = reportPeriods();
  const week = periods.week;
  const buckets = ['1-10', '11-50', '51-200', '201-1000'];
  const plans = ['free', 'team', 'business'];
  const stages = ['implement', 'reinforce', 'optimize', 'expand'];

  let started = process.hrtime.bigint();
  const accounts: Account[] = reuse ? await storedAccounts(store) : await seed();
  console.log(
    `${reuse ? `reused ${file}:` : 'seeded'} ${USERS} users, ${accounts.length} accounts in ${(ms(started) / 1000).toFixed(1)} s`,
  );

  /** The population written to the store; its accounts. */
  async function seed(): Promise<Account[]> {
    const accounts: Account[] = Array.from({ length: ACCOUNTS }, (_, i) => {
      const account = newAccount(`acct${i}`, NOW);
      account.traits = {
        name: `Company ${i}`,
        employee_bucket: buckets[Math.floor(next() ** 2 * buckets.length)]!,
        plan: plans[Math.floor(next() * plans.length)]!,
      };
      return account;
    });
    await store.transaction((tx) => tx.putAccounts(accounts));
    for (let from = 0; from < USERS; from += 5_000) {
      const profiles: Profile[] = [];
      const memberships: Membership[] = [];
      for (let i = from; i < Math.min(USERS, from + 5_000); i++) {
        const id = `user${String(i).padStart(6, '0')}`;
        const profile = newProfile(id, NOW - 90 * 86_400_000);
        const account = accounts[i % ACCOUNTS]!;
        profile.accounts = [account.id];
        profile.traits = { email: `${id}@example.com`, first_name: `User${i}` };
        const state = emptyUserState();
        const game: GameState = emptyGameState(loaded.version);
        const active = next() < 0.85;
        const value = (max: number) => (active ? Math.floor(next() ** 2 * max) : 0);
        for (const [metric, max] of [
          ['tasks_completed', 80],
          ['reports_created', 12],
          ['automations_run', 60],
          ['bulk_edits', 20],
          ['active_days', 8],
        ] as const) {
          const this_week = value(max);
          game.metrics[metric] = weekMetric(periods, this_week, value(max), 8);
        }
        game.points = Math.floor(next() * 900);
        game.levels.adoption = {
          index: game.points >= 600 ? 2 : game.points >= 250 ? 1 : 0,
          at: NOW,
        };
        if (next() < 0.2) game.badges.power_user = { at: NOW - 86_400_000, backdated: false };
        state.game = game;
        for (const m of ['data_source_connected', 'first_report_created', 'advanced_feature_used'])
          if (next() < 0.5) state.milestones[m] = { at: NOW - 30 * 86_400_000 } as never;
        state.engagement = { stage: stages[i % 4]!, since: NOW, rule: null } as never;
        profile.state = state as never;
        profiles.push(profile);
        memberships.push({ accountId: account.id, profileId: id, joinedAt: NOW });
      }
      await store.transaction(async (tx) => {
        await tx.putProfiles(profiles);
        await tx.addMemberships(memberships);
      });
    }
    return accounts;
  }

  // The run: subjects read once, comparisons built once, then one report per recipient.
  const cpu = process.cpuUsage();
  started = process.hrtime.bigint();
  const figures = await loadSubjectFigures(store, definitions, 'user', 'week', week);
  const compared = periodComparisons(definitions, 'user', 'week', week, figures);
  const prepared = ms(started);
  const preparedCpu = cpuMs(cpu);
  const preparedHeap = process.memoryUsage().heapUsed;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  /** The report and its variables for one user, as the dispatcher builds them. */
  const prepare = (profile: Profile) => {
    const { template, context } = reportMessage({
      definitions: loaded,
      reportId: 'weekly_user',
      recipient: profile,
      account: byId.get(profile.accounts[0]!) ?? null,
      period: week,
      compared,
      links: buildLinks(LINKS, {
        userId: profile.id,
        messageKey: `bench:${profile.id}`,
        topic: report.topic ?? 'reporting_and_roi',
      }),
    });
    return template === null ? null : { template, context: context! };
  };
  let bytes = 0;
  let sent = 0;
  // Recipients read in the delivery worker's batches (its default, 200), each dropped once its
  // emails are rendered, as the worker does.
  for (let after: string | undefined, more = true; more;) {
    const page = await store.searchProfiles({ limit: BATCH, after });
    for (const profile of page.items) {
      const prepared = prepare(profile);
      if (prepared === null) continue;
      const email = renderer.renderEmail(prepared.template, prepared.context);
      bytes += email.html.length + email.text.length;
      sent++;
    }
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  const total = ms(started);
  const cpuTotal = cpuMs(cpu);
  const runRss = process.resourceUsage().maxRSS * 1024;

  // The bare render of the same template with the same variables, in the same run: the
  // variables of the first users are built again (not timed) rather than kept through the run,
  // where holding them would only burden the collector.
  const contexts: RenderContext[] = [];
  const keep = Math.min(USERS, 20_000);
  for (let after: string | undefined; contexts.length < keep;) {
    const page = await store.searchProfiles({ limit: 1_000, after });
    for (const profile of page.items) {
      const prepared = prepare(profile);
      if (prepared?.template === report.template && contexts.length < keep)
        contexts.push(prepared.context);
    }
    if (page.next === null) break;
    after = page.next;
  }
  const bareCpu = process.cpuUsage();
  const bareStart = process.hrtime.bigint();
  for (const context of contexts) renderer.renderEmail(report.template, context);
  const bare = ms(bareStart);
  const bareCpuMs = cpuMs(bareCpu);

  const mb = (bytes: number) => `${Math.round(bytes / 1048576).toLocaleString('en')} MB`;
  const rate = (n: number, t: number) => Math.round((n / t) * 1000);
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `reports: ${sent} for ${USERS} users (the report, or the variant for those with no activity) in ${(total / 1000).toFixed(1)} s wall, ${(cpuTotal / 1000).toFixed(1)} s CPU — ${rate(sent, total)} reports/s (${rate(sent, cpuTotal)}/s of CPU); subjects read and comparisons built in ${(prepared / 1000).toFixed(2)} s wall, ${(preparedCpu / 1000).toFixed(2)} s CPU; ${Math.round(bytes / sent)} chars per email`,
  );
  console.log(
    `bare render of ${report.template}: ${contexts.length} emails in ${(bare / 1000).toFixed(2)} s wall, ${(bareCpuMs / 1000).toFixed(2)} s CPU — ${rate(contexts.length, bare)} renders/s (${rate(contexts.length, bareCpuMs)}/s of CPU)`,
  );
  console.log(
    `ratio reports / bare render: ${(rate(sent, total) / rate(contexts.length, bare)).toFixed(2)} (wall), ${(rate(sent, cpuTotal) / rate(contexts.length, bareCpuMs)).toFixed(2)} (CPU); target ≤ 30 s for 100,000 users (judged by CPU time, the machine being shared): ${USERS !== 100_000 ? `not judged at ${USERS} users` : cpuTotal <= 30_000 ? `met (${total <= 30_000 ? 'wall too' : 'not in wall time'})` : 'NOT met'}`,
  );
  console.log(
    `memory: peak resident ${mb(runRss)} through the reports (${mb(process.resourceUsage().maxRSS * 1024)} with the bare render's variables held after); heap used after the comparisons were built ${mb(preparedHeap)}; recipients read ${BATCH} at a time`,
  );
  await store.close();
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
}

/** The accounts of a population kept from an earlier run. */
async function storedAccounts(store: Store): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let after: string | undefined, more = true; more;) {
    const page = await store.listAccounts({ limit: 1_000, after });
    accounts.push(...page.items);
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  return accounts;
}

await main();
