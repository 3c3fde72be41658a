/**
 * The dashboard in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) over a listening Cairn filled through its ingest API. Every page renders
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
import { openTestStore, type TestStore } from '../support/test-stores.js';
import type { TestApp } from '../support/test-app.js';
import { ADMIN, VIEWER, filledServer } from './filled-server.js';

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
    let store: TestStore;
    let t: TestApp;
    let base: string;
    let profileDir: string;
    let context: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      if (missing) throw new Error(missing);
      store = await openTestStore('sqlite');
      t = await filledServer(store.store);
      base = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
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
      await t?.app.close();
      await t?.writer.flush();
      await store?.cleanup();
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
          'journeys',
          'Journeys',
          async () => {
            assert.ok((await page.locator('section.journey').count()) >= 3);
            await page.locator('.flow-step.kind-send').first().waitFor();
            assert.match(
              (await page.locator('.flow-step.trigger').first().textContent()) ?? '',
              /\d+ entered/,
            );
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
      ];
      for (const [key, label, check] of pages) {
        await page.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        await settled();
        await check();
        await shot(key);
      }

      // A user's story: profile, state with reasons, journeys, messages, timeline.
      await page.goto(`${base}/#/users/u00000`);
      await page.getByRole('heading', { name: 'User u00000' }).waitFor();
      await settled();
      for (const section of [
        'State and why',
        'State changes',
        'Journeys',
        'Messages',
        'Timeline of events',
      ]) {
        await page.getByRole('heading', { level: 2, name: section }).waitFor();
      }
      assert.ok((await page.locator('section[aria-label="Timeline"] tbody tr').count()) > 5);
      await shot('user');
      assert.deepEqual(errors, []);
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
  },
);
