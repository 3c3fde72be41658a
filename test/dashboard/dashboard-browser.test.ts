/**
 * The dashboard in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) over a listening Cairn whose database `cairn simulate` filled. Every page renders
 * with data and without console errors, roles and the anti-forgery check hold, the main
 * controls work from the keyboard, and each page's screenshot is written to docs/images/.
 * Missing Chromium fails this test in CI and skips it elsewhere, saying why.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PAGE_ANSWERS } from '../../src/dashboard/page-answers.js';
import { AnswerCache } from '../../src/http/answer-cache.js';
import { ADMIN, VIEWER } from './filled-server.js';
import { simulatedServer, type SimulatedServer } from './simulated-server.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const missing = existsSync(CHROMIUM)
  ? null
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const IMAGES = join(process.cwd(), 'docs', 'images');

describe(
  'the dashboard in Chromium',
  { skip: missing && !process.env.CI ? missing : false },
  () => {
    let sim: SimulatedServer;
    let base: string;
    let profileDir: string;
    let context: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      if (missing) throw new Error(missing);
      sim = await simulatedServer();
      base = (await sim.cairn.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
      profileDir = await mkdtemp(join(tmpdir(), 'cairn-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      await mkdir(IMAGES, { recursive: true });
    });

    after(async () => {
      await context?.close();
      if (profileDir) await rm(profileDir, { recursive: true, force: true });
      await sim?.cleanup();
    });

    async function signIn(who: { email: string; password: string }) {
      await page.goto(`${base}/`);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    }

    async function settled() {
      await page.locator('main h1').first().waitFor();
      await page.waitForFunction(
        () =>
          !(
            globalThis as unknown as { document: { querySelector(s: string): unknown } }
          ).document.querySelector('.loading'),
      );
    }

    const shot = (name: string) =>
      page.screenshot({ path: join(IMAGES, `dashboard-${name}.png`), fullPage: false });

    it('signs in and shows every page with data, without console errors', async () => {
      // The analysis answers the pages ask for, as the answer cache keys them.
      const asked = new Set<string>();
      const listen = (request: { url(): string }) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/analytics/'))
          asked.add(AnswerCache.key(url.pathname, Object.fromEntries(url.searchParams)));
      };
      page.on('request', listen);
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: 'Sign in to Cairn' }).waitFor();
      await shot('sign-in');
      await signIn(ADMIN);
      await settled();
      // Overview: six numbers, signups over zero.
      const kpis = page.locator('.kpi');
      assert.equal(await kpis.count(), 6);
      assert.match((await kpis.first().textContent()) ?? '', /Signups\d+/);
      assert.notEqual(await page.locator('.kpi-value').first().textContent(), '0');
      await shot('overview');

      const pages: [string, string, () => Promise<void>][] = [
        [
          'activation',
          'Activation',
          async () => {
            // One funnel per persona plus everyone's, each a chart with bars and printed values.
            assert.ok((await page.locator('svg.chart').count()) >= 4);
            assert.match(
              (await page.locator('svg.chart text.value').first().textContent()) ?? '',
              /%/,
            );
          },
        ],
        [
          'retention',
          'Retention',
          async () => {
            assert.ok((await page.locator('.heatmap td.heat').count()) > 10);
            assert.ok(
              (await page.locator('.heatmap td.incomplete').count()) > 0,
              'in-progress periods marked',
            );
            assert.match(
              (await page.locator('.heatmap td.incomplete').first().textContent()) ?? '',
              /\*$/,
            );
          },
        ],
        [
          'signals',
          'Signals',
          async () => {
            await page.getByRole('heading', { name: /The 48-hour split/ }).waitFor();
            // Thirty-five simulated days: day 14 is over for most signups.
            await page.getByLabel('Retained on day').selectOption('14');
            await page.getByRole('heading', { name: 'Actions that predict retention' }).waitFor();
            await settled();
            assert.ok((await page.locator('svg.chart').count()) >= 2);
            assert.ok((await page.getByRole('button', { name: 'Copy as segment' }).count()) >= 1);
            assert.ok(
              (await page.locator('section[aria-label="Churn risk"] tbody tr').count()) >= 1,
            );
          },
        ],
        [
          'journeys',
          'Journeys',
          async () => {
            // Every journey in the table, each with its lift or why there is none.
            assert.ok((await page.locator('table.data tbody tr').count()) >= 10);
          },
        ],
        [
          'users',
          'Users and accounts',
          async () => {
            assert.ok((await page.locator('table.data tbody tr').count()) >= 20);
          },
        ],
        [
          'messages',
          'Messages',
          async () => {
            assert.ok((await page.locator('table.data tbody tr').count()) >= 10);
          },
        ],
        [
          'definitions',
          'Definitions',
          async () => {
            assert.match(
              (await page.locator('dl.facts').textContent()) ?? '',
              /valid, the version in force/,
            );
            assert.ok((await page.locator('ul.templates li').count()) >= 5);
          },
        ],
        [
          'reports',
          'Reports',
          async () => {
            assert.ok((await page.locator('table.data tbody tr').count()) >= 1);
          },
        ],
      ];
      for (const [key, label, check] of pages) {
        await page.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        await settled();
        await check();
        await shot(key);
      }

      // A journey's diagram with live counts per step, goal and lift.
      await page.goto(`${base}/#/journeys/day_1`);
      await settled();
      await page.locator('.flow-step.kind-send').first().waitFor();
      assert.match(
        (await page.locator('.flow-box').textContent()) ?? '',
        /\d+ reached · \d+ at it now · \d+ passed/,
      );
      assert.match((await page.locator('p.lift').textContent()) ?? '', /Lift:/);
      await shot('journey');

      // A user's story: profile, state with reasons, journeys, messages, points and badges.
      const first = await page.evaluate(async () => {
        const res = await fetch('/api/users?limit=1&activated=true');
        return ((await res.json()) as { items: { userId: string }[] }).items[0]!.userId;
      });
      await page.goto(`${base}/#/users/${first}`);
      await page.getByRole('heading', { name: `User ${first}` }).waitFor();
      await settled();
      for (const section of [
        'State and why',
        'Points, level, streaks and badges',
        'State changes',
        'Journeys',
        'Messages',
        'Timeline of events',
      ]) {
        await page.getByRole('heading', { level: 2, name: section }).waitFor();
      }
      assert.match((await page.locator('dd.points').textContent()) ?? '', /^\d+$/);
      assert.ok((await page.locator('section[aria-label="Timeline"] tbody tr').count()) > 5);
      await shot('user');

      // An account: its members, points and the peer cohort it is compared with.
      await page.locator('section[aria-label="Profile"] a[href^="#/accounts/"]').first().click();
      await page.getByRole('heading', { level: 1, name: /^Account / }).waitFor();
      await settled();
      await page.getByRole('heading', { level: 2, name: /against peers/ }).waitFor();
      assert.match(
        (await page.locator('section[aria-label="Compared with peers"]').textContent()) ?? '',
        /Peer cohort: /,
      );
      assert.ok((await page.locator('table[aria-label="Members"] tbody tr').count()) >= 1);
      await shot('account');

      // A report previewed as its email shows it.
      await page.goto(`${base}/#/reports`);
      await settled();
      await page.getByLabel('User id').fill(first);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('heading', { level: 2, name: /^Subject: / }).waitFor();
      await page.locator('iframe[title="The report email"]').waitFor();
      await shot('reports');
      assert.deepEqual(errors, []);
      // What `cairn serve` computes at start and keeps warm is what the pages ask for on opening.
      page.off('request', listen);
      for (const { path, params } of PAGE_ANSWERS) {
        const key = AnswerCache.key(path, params);
        assert.ok(asked.has(key), `${key} is asked for: ${[...asked].join(', ')}`);
      }
    });

    it('works from the keyboard: the page links, the chart/table switch and the breakdown', async () => {
      await page.goto(`${base}/#/overview`);
      await settled();
      const focused = () =>
        page.evaluate(() => {
          const el = (
            globalThis as unknown as {
              document: { activeElement: { textContent: string | null } | null };
            }
          ).document.activeElement;
          return el?.textContent?.trim() ?? '';
        });
      // Tab from the start of the page to the Retention link, then Enter.
      await page.locator('body').focus();
      let steps = 0;
      while ((await focused()) !== 'Retention' && steps++ < 20) await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Retention');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
      await settled();
      // The first "Show table" button, by keyboard.
      const toggle = page.getByRole('button', { name: 'Show table' }).first();
      await toggle.focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Show chart' }).first().waitFor();
      assert.ok((await page.locator('table.data').count()) >= 1);
      // The breakdown select, by keyboard.
      await page.getByLabel('By').focus();
      await page.keyboard.press('ArrowDown');
      await page.locator('section.card').nth(1).waitFor();
      assert.ok((await page.locator('section.card').count()) >= 2, 'one heatmap per persona');
      assert.deepEqual(errors, []);
    });

    it('links every number to the users behind it: a funnel step, a group, a retention cell, a journey step, the signups', async () => {
      /** Follows the link and returns the number of users listed (all pages). */
      const listed = async (link: string) => {
        const href = (await page.locator(link).first().getAttribute('href'))!;
        await page.goto(`${base}/${href}`);
        await page.getByRole('status').filter({ hasText: 'users behind a number' }).waitFor();
        await settled();
        const query = href.slice(href.indexOf('?') + 1);
        return page.evaluate(async (q) => {
          let n = 0;
          let after = '';
          do {
            const res = await fetch(`/api/users?${q}&limit=500${after}`);
            const body = (await res.json()) as { items: unknown[]; next: string | null };
            n += body.items.length;
            after = body.next ? `&after=${encodeURIComponent(body.next)}` : '';
          } while (after);
          return n;
        }, query);
      };
      await page.goto(`${base}/#/activation`);
      await settled();
      // The second step of the first persona's funnel, as a table.
      const funnel = page.locator('section.card', { hasText: 'Milestone funnel: ' }).first();
      await funnel.getByRole('button', { name: 'Show table' }).click();
      const cell = funnel.locator('tbody tr').nth(1).locator('td').nth(1);
      const shown = Number(await cell.textContent());
      const id = `funnel-link-${Date.now()}`;
      await cell.locator('a').evaluate((a, id) => a.setAttribute('id', id), id);
      assert.equal(await listed(`#${id}`), shown);
      assert.ok((await page.locator('table.data tbody tr').count()) === Math.min(shown, 50));

      // A group's activated users.
      await page.goto(`${base}/#/activation`);
      await settled();
      const groups = page.locator('section.card', { hasText: 'Activation rate by group' }).first();
      await groups.getByRole('button', { name: 'Show table' }).click();
      const activated = groups.locator('tbody tr').nth(1).locator('td').nth(3);
      const count = Number(await activated.textContent());
      await activated.locator('a').evaluate((a, id) => a.setAttribute('id', id), `${id}-g`);
      assert.equal(await listed(`#${id}-g`), count);

      // A retention cell (period 1 of a cohort): the cohort's users active in that period.
      await page.goto(`${base}/#/retention`);
      await settled();
      const retention = page.locator('section.card').first();
      await retention.getByRole('button', { name: 'Show table' }).click();
      const numbers = retention.locator('tbody tr').first().locator('td').nth(3);
      const retained = Number(((await numbers.textContent()) ?? '').split(' ')[0]);
      await numbers.locator('a').evaluate((a, id) => a.setAttribute('id', id), `${id}-r`);
      assert.equal(await listed(`#${id}-r`), retained);

      // A journey step: the users whose run went past it, and those waiting at it now. Day 1
      // starts once per signup, so each run is one user.
      await page.goto(`${base}/#/journeys/day_1`);
      await settled();
      for (const state of ['reached', 'passed'] as const) {
        const box = page.locator('.step-box', { hasText: 'first_login' }).first();
        const link = box.locator(`a[href*="stepState=${state}"]`);
        const runs = Number(await link.textContent());
        assert.ok(runs > 0, `${state}: some runs`);
        await link.evaluate((a, id) => a.setAttribute('id', id), `${id}-${state}`);
        assert.equal(await listed(`#${id}-${state}`), runs);
        await page.goto(`${base}/#/journeys/day_1`);
        await settled();
      }

      // The overview's signups: the users who signed up in its 30 days.
      await page.goto(`${base}/#/overview`);
      await settled();
      const signups = page.locator('a.kpi', { hasText: 'Signups' });
      const shownSignups = Number(await signups.locator('.kpi-value').textContent());
      assert.ok(shownSignups > 0);
      await signups.evaluate((a, id) => a.setAttribute('id', id), `${id}-o`);
      assert.equal(await listed(`#${id}-o`), shownSignups);
      assert.deepEqual(errors, []);
    });

    it("links the signals page's numbers to their users: a 48-hour split group and an audit count (by user and by account)", async () => {
      /** Clicks the link, and checks the users listed: as many as the number says, a page shown. */
      const follow = async (link: ReturnType<Page['locator']>, shown: number, words: RegExp) => {
        await link.click();
        const notice = page.getByRole('status').filter({ hasText: 'users behind a number' });
        await notice.waitFor();
        await settled();
        assert.match((await notice.textContent()) ?? '', words);
        assert.match((await notice.textContent()) ?? '', new RegExp(`— ${shown} users`));
        const rows = page.getByRole('table', { name: 'Users' }).locator('tbody tr');
        assert.equal(await rows.count(), Math.min(shown, 50));
        // Each listed user opens their profile.
        const first = rows.first().locator('a').first();
        const id = (await first.textContent())!;
        await first.click();
        await page.getByRole('heading', { level: 1, name: `User ${id}` }).waitFor();
      };
      await page.goto(`${base}/#/signals`);
      await settled();
      const split = page.locator('section.card', { hasText: 'The 48-hour split' }).first();
      await split.getByRole('button', { name: 'Show table' }).click();
      const group = split.locator('tbody tr').nth(1).locator('td').nth(1);
      const size = Number(await group.textContent());
      assert.ok(size > 0, 'the second group has users');
      await follow(group.locator('a'), size, /did not meet the 48-hour split's rule/);

      await page.goto(`${base}/#/signals`);
      await settled();
      // Thirty-five simulated days: day 14 is over for most signups, day 30 for few.
      await page.getByLabel('Retained on day').selectOption('14');
      await settled();
      // The first row held by some of the top group: its top count.
      const rows = page.getByRole('table', { name: 'Audit rows' }).locator('tbody tr');
      await rows.first().waitFor();
      const tops = await rows.locator('td:nth-child(2)').allTextContents();
      const row = rows.nth(tops.findIndex((text) => !text.startsWith('0 ')));
      const key = (await row.locator('td').first().textContent())!;
      const top = row.locator('td').nth(1);
      const count = Number(((await top.textContent()) ?? '').split(' ')[0]);
      assert.ok(count > 0, `${key}: held by some of the top`);
      const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await follow(top.locator('a'), count, new RegExp(`holding ${escaped} in the top 20 %`));

      // An audit by account: a count opens the accounts behind it, each opening its account.
      await page.goto(`${base}/#/signals`);
      await settled();
      await page.getByLabel('Retained on day').selectOption('14');
      await page.getByLabel('Audit and churn risk by').selectOption('accounts');
      await settled();
      const accountRows = page.getByRole('table', { name: 'Audit rows' }).locator('tbody tr');
      await accountRows.first().waitFor();
      const accountTops = await accountRows.locator('td:nth-child(2)').allTextContents();
      const accountRow = accountRows.nth(accountTops.findIndex((text) => !text.startsWith('0 ')));
      const accountTop = accountRow.locator('td').nth(1);
      const accounts = Number(((await accountTop.textContent()) ?? '').split(' ')[0]);
      assert.ok(accounts > 0, 'an account row held by some of the top');
      await accountTop.locator('a').click();
      const notice = page.getByRole('status').filter({ hasText: 'accounts behind a number' });
      await notice.waitFor();
      await settled();
      assert.match((await notice.textContent()) ?? '', new RegExp(`— ${accounts} accounts`));
      const listedAccounts = page.getByRole('table', { name: 'Accounts' }).locator('tbody tr');
      assert.equal(await listedAccounts.count(), Math.min(accounts, 50));
      const firstAccount = listedAccounts.first().locator('a').first();
      const accountId = (await firstAccount.textContent())!;
      await firstAccount.click();
      await page.getByRole('heading', { level: 1, name: `Account ${accountId}` }).waitFor();
      assert.deepEqual(errors, []);
    });

    it('works from the keyboard on the signals, journeys, users, accounts and reports pages', async () => {
      const focusedText = () =>
        page.evaluate(
          () =>
            (
              globalThis as unknown as {
                document: { activeElement: { textContent: string | null } | null };
              }
            ).document.activeElement?.textContent?.trim() ?? '',
        );

      // Signals: the retention day and the unit, changed from the keyboard.
      await page.goto(`${base}/#/signals`);
      await settled();
      await page.getByLabel('Retained on day').focus();
      await page.keyboard.press('ArrowUp');
      await settled();
      assert.equal(await page.getByLabel('Retained on day').inputValue(), '14');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown');
      await page
        .getByRole('heading', { level: 2, name: /^Top \d+ against bottom \d+ accounts/ })
        .waitFor();
      await page.getByRole('heading', { level: 2, name: /^Churn risk: \d+ accounts/ }).waitFor();
      // Copy as segment, by keyboard: the segment's YAML is shown.
      await page.getByRole('button', { name: 'Copy as segment' }).first().focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Segment YAML').waitFor();
      assert.match(await page.getByLabel('Segment YAML').inputValue(), /audit_/);

      // Journeys: Tab to a journey's name, Enter opens its diagram; a step count opens its users.
      await page.goto(`${base}/#/journeys`);
      await settled();
      await page.getByRole('link', { name: /^Day 1/ }).focus();
      assert.match(await focusedText(), /^Day 1/);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/journeys\/day_1$/);
      await page.locator('.flow-step').first().waitFor();
      await settled();
      await page.locator('.flow-step .step-counts a').first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'with a run of journey day_1' }).waitFor();

      // Users: search from the keyboard, Enter on a user opens the profile, and its account.
      await page.goto(`${base}/#/users`);
      await settled();
      await page.getByLabel('Search users').focus();
      await page.keyboard.type('user_00001');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => {
        const d = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): { textContent: string }[] };
          }
        ).document;
        const rows = [...d.querySelectorAll('table.data tbody tr td:first-child')];
        return rows.length > 0 && rows.every((r) => r.textContent.startsWith('user_00001'));
      });
      await page.locator('table.data tbody tr td:first-child a').first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^User user_00001/ }).waitFor();
      await settled();
      const account = page.locator('section[aria-label="Profile"] a[href^="#/accounts/"]').first();
      await account.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^Account / }).waitFor();
      await settled();
      assert.ok((await page.locator('table[aria-label="Members"] tbody tr').count()) >= 1);

      // Reports: the form filled and sent with the keyboard alone.
      await page.goto(`${base}/#/reports`);
      await settled();
      const owner = await page.evaluate(async () => {
        const res = await fetch('/api/users?limit=1&activated=true');
        return ((await res.json()) as { items: { userId: string }[] }).items[0]!.userId;
      });
      await page.getByLabel('User id').focus();
      await page.keyboard.type(owner);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: /^Subject: / }).waitFor();
      assert.deepEqual(errors, []);
    });

    it('lets an admin retry a failed message; a viewer sees no retry and is refused by the API', async () => {
      await page.goto(`${base}/#/messages`);
      await settled();
      await page.getByLabel('State').selectOption('failed');
      const retry = page.getByRole('button', { name: 'Retry' }).first();
      await retry.waitFor();
      await retry.click();
      await page.getByRole('status').filter({ hasText: 'queued again' }).waitFor();

      // The anti-forgery token is required even with a valid session cookie.
      const cookies = await context.cookies(base);
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const forged = await fetch(`${base}/api/messages/x/retry`, {
        method: 'POST',
        headers: { cookie },
      });
      assert.equal(forged.status, 403);
      assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'csrf');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Cairn' }).waitFor();
      await signIn(VIEWER);
      await page.goto(`${base}/#/messages`);
      await settled();
      await page.getByLabel('State').selectOption('failed');
      await page.locator('table.data tbody tr').first().waitFor();
      assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0);
      const viewerCookie = (await context.cookies(base))
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
      const session = (await (
        await fetch(`${base}/dashboard/session`, { headers: { cookie: viewerCookie } })
      ).json()) as { csrfToken: string; role: string };
      assert.equal(session.role, 'viewer');
      const refused = await fetch(`${base}/api/messages/x/retry`, {
        method: 'POST',
        headers: { cookie: viewerCookie, 'x-cairn-csrf': session.csrfToken },
      });
      assert.equal(refused.status, 403);
      assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
      assert.deepEqual(errors, []);
    });

    it('after an idle spell, opens a page on its last answer at once, marked, then shows the new one', async () => {
      await page.goto(`${base}/#/overview`);
      await settled();
      const note = page.locator('.definitions .computed-at').first();
      const before = (await note.textContent()) ?? '';
      assert.match(before, /computed at \d\d:\d\d UTC/);
      assert.doesNotMatch(before, /updating/);
      // Eleven minutes with nobody looking: the kept answers are past their max age (60 s) and
      // no longer kept warm.
      sim.clock.advance(11 * 60_000);
      const overviewAnswer = (staleOk: boolean) =>
        page.waitForResponse(
          (r) =>
            r.url().endsWith('/api/analytics/overview') &&
            /max-stale/.test(r.request().headers()['cache-control'] ?? '') === staleOk,
        );
      await page.goto(`${base}/#/retention`);
      await settled();
      const [staleAnswer, freshAnswer] = [overviewAnswer(true), overviewAnswer(false)];
      await page.goto(`${base}/#/overview`);
      const stale = (await (await staleAnswer).json()) as { stale?: boolean; computedAt: string };
      assert.equal(stale.stale, true, 'the last answer, sent at once');
      const fresh = (await (await freshAnswer).json()) as { stale?: boolean; computedAt: string };
      assert.equal(fresh.stale, undefined, 'then the new one, asked for without max-stale');
      assert.equal(fresh.computedAt, new Date(sim.clock.now()).toISOString());
      const renewedAt = fresh.computedAt.slice(11, 16);
      await note.filter({ hasText: `computed at ${renewedAt} UTC` }).waitFor();
      assert.doesNotMatch((await note.textContent()) ?? '', /updating/);
      assert.deepEqual(errors, []);
    });
  },
);
