/**
 * `npm run bench:dashboard`: how long each dashboard page waits for its data, and how long the
 * first page takes to be usable in Chromium, on a SQLite store holding a population of
 * BENCH_USERS users under the example workspace.
 *
 * The population is the analytics tests' generator, bulk-loaded as bench:analytics loads it
 * (bench/analytics-load.ts), plus the delivery log it carries and two journey runs per user
 * (bench/dashboard-runs.ts), so the journeys, users and messages pages read tables of that size.
 * Each page's requests are the ones its code sends, made together as the page does, through the
 * HTTP app with a signed-in session; a figure is the median of BENCH_ROUNDS rounds, wall time and
 * the CPU time of this process beside it (the machine is shared: CPU time is the figure to
 * judge). The reference is one full read of the event log (`scanEvents`) on the same store.
 * Each page is timed twice: cold, by an app that computes every answer (max age 0: what a
 * computation costs), and warm, by an app that reuses answers for 60 s as `cairn serve` does by
 * default (CAIRN_ANALYSIS_MAX_AGE_SECONDS), after one request has computed them: what a
 * dashboard user sees within the max age, answers at most that old.
 *
 * The users behind the Signals page's numbers (a 48-hour split group, an audit row's top count,
 * the accounts behind an audit by account's count) are timed as pages too: cold they cost what
 * their analysis costs. The **first** column is the first request in the warm app, the pages
 * above it having been opened in order (as a user goes from a number to its users): the signal
 * and the audit have kept their lists then, and the journey pages the lift.
 *
 * Start-up: an app started as `cairn serve` starts computes every page's first answers in the
 * background, one after another (src/dashboard/page-answers.ts), and keeps them warm; the
 * warm-up's wall and CPU time are printed (one refresh cycle costs the same CPU, once per max
 * age), then each analysis page, the signals lists and the journey pages opened once after it:
 * what a user opening a page sees; the process's resident memory is printed beside. Then an idle
 * spell: the clock moves 11 minutes (nothing kept warm, every answer past max age) and each page
 * is opened right after the other as the dashboard asks (`Cache-Control: max-stale`: its last
 * answer at once, computed anew in the background), with when each page's new answer came.
 * The first page: after that warm-up, a fresh Chromium profile navigates to `/` with a
 * session cookie, and the time runs until the overview's numbers are shown and its page links
 * respond to the keyboard. The initial JavaScript and CSS are printed gzipped.
 *
 * Options (env): BENCH_USERS (default 100000), BENCH_ROUNDS (3), BENCH_COLD_ROUNDS (rounds of
 * the cold column; default BENCH_ROUNDS), BENCH_DB (a file: reused when
 * it already holds a population, else created there and kept; default a temporary file, removed
 * after), BENCH_BROWSER (0 to skip Chromium), BENCH_PAGES (a comma-separated list of the pages to
 * time; default all).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { FakeClock } from '../src/core/clock.js';
import { bundleDir } from '../src/dashboard/assets.js';
import { STANDING_ANSWERS } from '../src/dashboard/page-answers.js';
import { hashPassword } from '../src/dashboard/password.js';
import { AnswerCache } from '../src/http/answer-cache.js';
import { WorkerRunner } from '../src/http/analyses/worker-runner.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { DAY, NOW } from '../test/analytics/population.js';
import { exampleDefinitions } from '../test/dashboard/filled-server.js';
import { testApp } from '../test/support/test-app.js';
import { bulkLoadPopulation } from './analytics-load.js';
import { loadRuns } from './dashboard-runs.js';
import { median } from './median.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? ROUNDS);
const CHROMIUM = '/usr/bin/chromium';
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const month = `signedUpFrom=${iso(NOW - 30 * DAY)}&signedUpTo=${iso(NOW)}`;

const PAGES: Record<string, string[]> = {
  overview: ['/api/analytics/overview'],
  activation: ['/api/analytics/activation?by=persona.path&min_size=5'],
  retention: ['/api/analytics/retention?period=week&by=none&min_size=5'],
  signals: [
    '/api/analytics/signal?days=30',
    '/api/analytics/audit?unit=users&days=30',
    '/api/analytics/churn-risk?unit=users',
  ],
  journeys: ['/api/journeys'],
  journey: ['/api/journeys/day_1'],
  users: ['/api/users?limit=50'],
  'users behind': [`/api/users?limit=50&activated=true&${month}`],

  'step users': ['/api/users?limit=50&journey=day_1&step=next_morning&stepState=passed'],
  'split group users': ['/api/analytics/signal/users?group=matched&days=30&limit=50'],
  // The audit count's row: the first row of the page's audit, found below.
  'audit count users': [],
  // The same for the audit by account (the page's unit switch), its accounts.
  'audit count accounts': [],
  user: [
    '/api/users/u00000',
    '/api/users/u00000/state',
    '/api/users/u00000/journeys',
    '/api/messages?userId=u00000',
  ],
  messages: ['/api/messages?limit=100'],
  'failed messages': ['/api/messages?limit=100&state=failed'],
  reports: ['/api/reports'],
  definitions: ['/dashboard/definitions'],
};

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const bundleBytes = ['app.js', 'app.css'].reduce(
  (sum, name) => sum + gzipSync(readFileSync(join(bundleDir(), name)), { level: 9 }).length,
  0,
);

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-dashboard-'));
const file = process.env.BENCH_DB ?? join(dir, 'bench.db');
const reuse = existsSync(file);
const store = SqliteStore.open({ file });
try {
  await store.migrate();
  const definitions = exampleDefinitions();
  const held = (await store.searchProfiles({ limit: 1 })).items.length > 0;
  if (!held) {
    const loadStart = performance.now();
    const loadCpu = cpuMs();
    const events = await bulkLoadPopulation(store, definitions, {
      users: USERS,
      perActiveDay: 1,
      onProgress: (users, stored) => {
        if (users % 20_000 === 0) console.log(`  ${users} users, ${stored} events`);
      },
    });
    const runs = await loadRuns(store, definitions);
    console.log(
      `loaded ${USERS} users, ${events} events, ${runs} journey runs in ` +
        `${((performance.now() - loadStart) / 1000).toFixed(0)} s ` +
        `(CPU ${((cpuMs() - loadCpu) / 1000).toFixed(0)} s)`,
    );
  } else {
    console.log(`reusing the population in ${file}${reuse ? '' : ' (new)'}`);
  }
  const t = await testApp(store, { definitions, clock: new FakeClock(NOW) });
  const warm = await testApp(store, {
    definitions,
    clock: new FakeClock(NOW),
    analysisMaxAgeSeconds: 60,
  });
  // addMember keeps an existing member (a reused population keeps the same password).
  await store.team.addMember({
    email: 'bench@example.com',
    role: 'viewer',
    passwordHash: await hashPassword('bench password'),
    createdAt: NOW,
  });
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/dashboard/session',
    payload: { email: 'bench@example.com', password: 'bench password' },
  });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;

  const scans: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    await store.analytics.scanEvents();
    scans.push(performance.now() - s);
  }
  const reference = median(scans);
  const counts = (await store.journeyStats()) as Record<string, { treated: { entered: number } }>;
  console.log(
    `users ${USERS}; journey runs per journey: ${Object.entries(counts)
      .map(([j, s]) => `${j} ${s.treated.entered}+held out`)
      .join(', ')}`,
  );
  console.log(`reference: one read of the event log ${reference.toFixed(0)} ms`);
  console.log(
    'page                   cold wall   CPU ms  first wall   CPU ms   warm wall   CPU ms',
  );
  const only = process.env.BENCH_PAGES?.split(',');
  if (!only || only.includes('audit count users')) {
    const audit = await warm.app.inject({
      method: 'GET',
      url: '/api/analytics/audit?unit=users&days=30',
      headers: { cookie },
    });
    const row = (audit.json() as { result: { rows: { key: string }[] } }).result.rows[0]!.key;
    PAGES['audit count users'] = [
      `/api/analytics/audit/users?unit=users&days=30&row=${encodeURIComponent(row)}&side=top&limit=50`,
    ];
  }
  if (!only || only.includes('audit count accounts')) {
    // Computed by a separate app: the timed apps open it as the page does, just before.
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/analytics/audit?unit=accounts&days=30',
      headers: { cookie },
    });
    const row = (audit.json() as { result: { rows: { key: string }[] } }).result.rows[0]!.key;
    PAGES['audit count accounts'] = [
      `/api/analytics/audit/accounts?unit=accounts&days=30&row=${encodeURIComponent(row)}&side=top&limit=50`,
    ];
  }
  // What a page opened from another page's number needs open first (as a user gets there).
  const OPENED_FROM: Record<string, string> = {
    'audit count accounts': '/api/analytics/audit?unit=accounts&days=30',
  };
  // The page's requests, together, as the page sends them: wall and CPU time.
  const load = async (
    app: typeof t.app,
    page: string,
    urls: string[],
    headers: Record<string, string> = {},
  ) => {
    const s = performance.now();
    const c = cpuMs();
    const answers = await Promise.all(
      urls.map((url) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } })),
    );
    const timed = { wall: performance.now() - s, cpu: cpuMs() - c };
    for (const a of answers) {
      if (a.statusCode !== 200) throw new Error(`${page}: ${a.statusCode} ${a.body.slice(0, 200)}`);
    }
    return timed;
  };
  const medians = (runs: { wall: number; cpu: number }[]) => ({
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
  });
  const cell = (n: number) => n.toFixed(0).padStart(9);
  for (const [page, urls] of Object.entries(PAGES)) {
    if (only && !only.includes(page)) continue;
    const cold: { wall: number; cpu: number }[] = [];
    const served: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < COLD_ROUNDS; r++) cold.push(await load(t.app, page, urls));
    const from = OPENED_FROM[page];
    if (from) await load(warm.app, `${page} (opened from)`, [from]);
    // The first request in the warm app, after the pages above were opened in this order (as
    // a user going from a number to its users): it computes what the warm rounds then read.
    const first = await load(warm.app, page, urls);
    for (let r = 0; r < ROUNDS; r++) served.push(await load(warm.app, page, urls));
    const [c, w] = [medians(cold), medians(served)];
    console.log(
      `${page.padEnd(22)} ${cell(c.wall)} ${cell(c.cpu)}   ${cell(first.wall)} ${cell(first.cpu)}   ${cell(w.wall)} ${cell(w.cpu)}` +
        `  (cold ${(c.wall / reference).toFixed(2)}× the log read)`,
    );
  }
  await warm.app.close();
  console.log(`initial JavaScript and CSS: ${(bundleBytes / 1024).toFixed(1)} KB gzipped`);

  if (process.env.BENCH_BROWSER !== '0' && existsSync(CHROMIUM)) {
    // Started as `cairn serve` starts: every page's first answers computed in the background,
    // one after another, and kept warm.
    const servedClock = new FakeClock(NOW);
    // As `cairn serve` runs on a SQLite file: the analyses in a worker thread (src/http/analyses).
    const analyses = new WorkerRunner({ file });
    const served = await testApp(store, {
      definitions,
      analyses,
      clock: servedClock,
      analysisMaxAgeSeconds: 60,
      warmAnswers: true,
    });
    const started = performance.now();
    const startCpu = cpuMs();
    const base = (await served.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
    // Waits for the warm-up, in its order: a request made while an answer is computed shares
    // that computation, one made after reads the stored answer.
    for (const { path, params } of STANDING_ANSWERS) {
      const url = AnswerCache.key(path, params);
      const res = await served.app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    }
    const warmUp = { wall: performance.now() - started, cpu: cpuMs() - startCpu };
    console.log(
      `start-up warm-up of every page's answers (${STANDING_ANSWERS.length}): ${warmUp.wall.toFixed(0)} ms wall, ${warmUp.cpu.toFixed(0)} ms CPU` +
        ` (each refresh cycle after it costs about the same CPU, once per max age)`,
    );
    console.log(
      `resident memory after the warm-up: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    console.log('after the warm-up, each page opened once, in this order (wall ms, CPU ms):');
    for (const page of [
      'overview',
      'activation',
      'retention',
      'signals',
      'split group users',
      'audit count users',
      'journeys',
      'journey',
    ]) {
      if (!PAGES[page]?.length) continue;
      const timed = await load(served.app, page, PAGES[page]!);
      console.log(`  ${page.padEnd(18)} ${cell(timed.wall)} ${cell(timed.cpu)}`);
    }
    console.log(
      `resident memory after them: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    // An idle spell: nothing asked for in 11 minutes, so nothing kept warm and every kept answer
    // past its max age. The dashboard asks with `Cache-Control: max-stale`: each page gets its
    // last answer at once while it is computed anew in the background, then asks again without
    // the header and waits for the new one. The pages are opened one right after another (a
    // user clicking through), each while the renewals started before it still run.
    servedClock.advance(11 * 60_000);
    const staleOk = { 'cache-control': 'max-stale' };
    console.log(
      'after an idle spell (11 min), each page opened once right after the other, as the dashboard asks (wall ms, CPU ms):',
    );
    const renewals: Promise<{ wall: number; cpu: number }>[] = [];
    const renewing = new Map<string, number>();
    for (const page of ['overview', 'activation', 'retention', 'signals', 'journeys', 'journey']) {
      if (!PAGES[page]?.length) continue;
      const timed = await load(served.app, page, PAGES[page]!, staleOk);
      console.log(`  ${page.padEnd(18)} ${cell(timed.wall)} ${cell(timed.cpu)}  (the last answer)`);
      const asked = performance.now();
      renewals.push(
        load(served.app, page, PAGES[page]!).then((t) => {
          renewing.set(page, performance.now() - asked);
          return t;
        }),
      );
    }
    await Promise.all(renewals);
    console.log(
      `  the new answers, each page's second request (ms from the page's opening): ${[...renewing]
        .map(([page, ms]) => `${page} ${ms.toFixed(0)}`)
        .join(', ')}`,
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    });
    const firsts: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: base }]);
      const page = await context.newPage();
      const s = performance.now();
      await page.goto(`${base}/`);
      await page.locator('.kpi-value').first().waitFor();
      // Usable: a page link takes the keyboard's focus and Enter follows it.
      const link = page.getByRole('link', { name: 'Activation', exact: true });
      await link.focus();
      firsts.push(performance.now() - s);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Activation' }).waitFor();
      await context.close();
    }
    await browser.close();
    await served.app.close();
    await analyses.close();
    console.log(
      `first page interactive (Chromium, to the overview's numbers, after the warm-up): ${median(firsts).toFixed(0)} ms`,
    );
  }
  await t.app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
