/**
 * The widget in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) opens a product page served here on 127.0.0.1 that includes /widget.js from a
 * listening Cairn on another port — a cross-origin page, as in production. Missing Chromium fails
 * this test in CI (`CI` set: .ci/run installs it) and skips it elsewhere, saying why.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../support/test-stores.js';
import { asUser, hashOf, inappHarness, type InAppHarness } from './inapp-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const HOUR = 3_600_000;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const missing = existsSync(CHROMIUM)
  ? null
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;

/** What the callbacks that run in the page use of it (the tests compile without the DOM lib). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
  Cairn: { refresh(): Promise<void> };
}

/** A product page that includes the widget, with CSS of its own that must not reach it. */
function productPage(cairn: string, userId: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Tasklane</title>
<style>button { background: rgb(255, 0, 0) !important; } .badge, .panel { display: none; }</style>
</head><body><h1>Tasklane</h1>
<script src="${cairn}/widget.js" data-user="${userId}" data-user-hash="${hashOf(userId)}" async></script>
</body></html>`;
}

// The widget does not depend on the store; the API tests run on both (test/http/inapp.test.ts).
describe(
  'the in-app widget in Chromium',
  { skip: missing && !process.env.CI ? missing : false },
  () => {
    let store: TestStore;
    let h: InAppHarness;
    let pages: Server;
    let pageUrl: string;
    let profileDir: string;
    let context: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      if (missing) throw new Error(`${missing}; CI installs it before the tests (.ci/run)`);
      store = await openTestStore('sqlite');
      h = await inappHarness(store.store);
      await h.identify('ada', { first_name: 'Ada', email: 'ada@example.com' });
      // One delivery at a time, an hour apart: the inbox lists the newest delivery first.
      await h.track('ada', 'Signed Up', { plan: 'Team' });
      await h.worker.sweepDue();
      h.t.clock.advance(HOUR);
      await h.track('ada', 'Data Source Connected', { type: 'PostgreSQL' });
      await h.worker.sweepDue();
      const cairn = (await h.t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
      pages = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(productPage(cairn, 'ada'));
      });
      await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
      pageUrl = `http://127.0.0.1:${(pages.address() as { port: number }).port}/app`;
      profileDir = await mkdtemp(join(tmpdir(), 'cairn-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      await page.goto(pageUrl);
    });

    after(async () => {
      await context?.close();
      if (profileDir) await rm(profileDir, { recursive: true, force: true });
      pages?.close();
      await h?.close();
      await store?.cleanup();
    });

    const widget = (selector: string) => page.locator(`[data-cairn-widget] ${selector}`);

    it('shows the unread count on its badge, unaffected by the page’s CSS', async () => {
      await widget('.badge').filter({ hasText: '2' }).waitFor({ state: 'visible' });
      assert.equal(await widget('.badge').textContent(), '2');
      assert.equal(await widget('.launcher').getAttribute('aria-label'), 'Messages, 2 unread');
      const background = await widget('.launcher').evaluate(
        (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor,
      );
      assert.notEqual(
        background,
        'rgb(255, 0, 0)',
        'the page’s button rule leaked into the widget',
      );
    });

    it('opens the panel: the messages, read from then on, and the checklist with its progress', async () => {
      await widget('.launcher').click();
      await widget('.panel').waitFor({ state: 'visible' });
      const titles = widget('.message .title');
      await titles.first().waitFor();
      assert.deepEqual(await titles.allTextContents(), [
        'Your PostgreSQL data is in',
        'Welcome, Ada',
      ]);
      assert.equal(await widget('.message .cta').getAttribute('href'), '/sources/new?plan=Team');

      // Opening marked them read: the badge goes, and the API says so.
      await widget('.badge').waitFor({ state: 'hidden' });
      const inbox = (
        await h.t.app.inject({ url: '/v1/inapp/messages', headers: asUser('ada') })
      ).json();
      assert.equal(inbox.unread, 0);
      assert.deepEqual(
        inbox.items.map((m: { read: boolean }) => m.read),
        [true, true],
      );

      await widget('.checklist .count').filter({ hasText: '1 of 3 done' }).waitFor();
      assert.equal(await widget('.bar').getAttribute('aria-valuenow'), '33');
      const width = await widget('.fill').evaluate(
        (el) => (el as unknown as { style: { width: string } }).style.width,
      );
      assert.equal(width, '33%');
      assert.deepEqual(await widget('.item.done .label').allTextContents(), [
        'Connect a data source',
      ]);
      assert.equal(
        await widget('.item a.label').first().getAttribute('href'),
        '/reports/new',
        'items to do link to where they are done',
      );
    });

    it('dismisses a message, and shows a new one after a refresh', async () => {
      await widget('.message').first().locator('.dismiss').click();
      await widget('.message').nth(1).waitFor({ state: 'detached' });
      assert.deepEqual(await widget('.message .title').allTextContents(), ['Welcome, Ada']);
      const all = (
        await h.t.app.inject({
          url: '/v1/inapp/messages?includeDismissed=true',
          headers: asUser('ada'),
        })
      ).json();
      assert.equal(
        all.items.find((m: { dismissed: boolean }) => m.dismissed)?.title,
        'Your PostgreSQL data is in',
      );

      // A report, the collaboration email, then a login: the next-login tip, without a reload.
      await widget('.close').click();
      h.t.clock.advance(HOUR);
      await h.track('ada', 'Report Created', { name: 'Q3 pipeline' });
      await h.worker.sweepDue();
      h.t.clock.advance(HOUR);
      await h.track('ada', 'Logged In');
      await h.worker.sweepDue();
      await page.evaluate(() => (globalThis as unknown as BrowserGlobals).Cairn.refresh());
      await widget('.badge').filter({ hasText: '1' }).waitFor({ state: 'visible' });
      await widget('.launcher').click();
      await widget('.message .title').first().filter({ hasText: 'Share “Q3 pipeline”' }).waitFor();
      await widget('.checklist .count').filter({ hasText: '2 of 3 done' }).waitFor();
      assert.deepEqual(errors, []);
    });
  },
);
