/**
 * `npm run bench:dashboard`: how long each dashboard page waits for its data on a SQLite store
 * holding a seeded population (the analytics tests' generator) under the example workspace. Each
 * page's requests are the ones its code sends, made together as the page does, through the HTTP
 * app with a signed-in session; the figure is the median wall time of BENCH_ROUNDS rounds. The
 * reference is one full read of the event log (`scanEvents`) on the same store, so the figures
 * read as a ratio to it too.
 *
 * Options (env): BENCH_USERS (default 100000), BENCH_ROUNDS (3), BENCH_DB (a file; default a
 * temporary one, removed after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../src/core/clock.js';
import { hashPassword } from '../src/dashboard/password.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { DAY, NOW, generatePopulation, loadPopulation } from '../test/analytics/population.js';
import { exampleDefinitions } from '../test/dashboard/filled-server.js';
import { testApp } from '../test/support/test-app.js';
import { median } from './median.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const PAGES: Record<string, string[]> = {
  overview: [
    `/api/analytics/activation?from=${iso(NOW - 29 * DAY)}&to=${iso(NOW + DAY)}`,
    `/api/analytics/activation?from=${iso(NOW - 59 * DAY)}&to=${iso(NOW - 29 * DAY)}`,
    `/api/analytics/conversion?from=${iso(NOW - 29 * DAY)}&to=${iso(NOW + DAY)}`,
    `/api/analytics/conversion?from=${iso(NOW - 59 * DAY)}&to=${iso(NOW - 29 * DAY)}`,
    '/api/analytics/retention',
    `/api/analytics/messages?from=${iso(NOW - 29 * DAY)}&to=${iso(NOW + DAY)}`,
    `/api/analytics/messages?from=${iso(NOW - 59 * DAY)}&to=${iso(NOW - 29 * DAY)}`,
  ],
  activation: ['/api/analytics/activation?by=persona.path&min_size=5'],
  retention: ['/api/analytics/retention?period=week&by=none&min_size=5'],
  journeys: ['/api/journeys'],
  users: ['/api/users?limit=50'],
  user: [
    '/api/users/u00000',
    '/api/users/u00000/state',
    '/api/users/u00000/journeys',
    '/api/messages?userId=u00000',
  ],
  messages: ['/api/messages?limit=100'],
  definitions: ['/dashboard/definitions'],
};

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-dashboard-'));
const file = process.env.BENCH_DB ?? join(dir, 'bench.db');
const store = SqliteStore.open({ file });
try {
  await store.migrate();
  const definitions = exampleDefinitions();
  const loadStart = performance.now();
  await loadPopulation(store, generatePopulation(11, USERS), definitions);
  const loadMs = performance.now() - loadStart;
  const t = await testApp(store, { definitions, clock: new FakeClock(NOW) });
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
  console.log(`users ${USERS}, loaded in ${(loadMs / 1000).toFixed(1)} s`);
  console.log(`reference: one read of the event log ${reference.toFixed(0)} ms`);
  for (const [page, urls] of Object.entries(PAGES)) {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const s = performance.now();
      const answers = await Promise.all(
        urls.map((url) => t.app.inject({ method: 'GET', url, headers: { cookie } })),
      );
      times.push(performance.now() - s);
      for (const a of answers) {
        if (a.statusCode !== 200)
          throw new Error(`${page}: ${a.statusCode} ${a.body.slice(0, 200)}`);
      }
    }
    const m = median(times);
    console.log(
      `${page.padEnd(12)} ${m.toFixed(0).padStart(6)} ms  (${(m / reference).toFixed(2)}× the log read)`,
    );
  }
  await t.app.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
