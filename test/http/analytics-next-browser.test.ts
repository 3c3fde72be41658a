/**
 * analytics.js 2.0 (`@segment/analytics-next` from npm, bundled as is by esbuild) in headless
 * Chromium, on a page served from another origin than Cairn's, configured as the docs say:
 * `AnalyticsBrowser.load({ writeKey, cdnURL: <cairn> })` and nothing else. It loads its settings
 * from Cairn, sends preflighted cross-origin calls to the short paths, and the page viewed while
 * anonymous is merged into the user it identifies. Missing Chromium fails this test in CI (`CI`
 * set: .ci/run installs it) and skips it elsewhere, saying why.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Store } from '../../src/store/store.js';
import { userHash } from '../../src/consent/user-hash.js';
import { testApp, WORKSPACE_SECRET, WRITE_KEY, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const missing = existsSync(CHROMIUM)
  ? null
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The npm package as a page would ship it: one script that sets `window.AnalyticsBrowser`. */
async function bundleAnalyticsNext(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        "import { AnalyticsBrowser } from '@segment/analytics-next';\n" +
        'globalThis.AnalyticsBrowser = AnalyticsBrowser;',
      resolveDir: ROOT,
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** What the page's script uses (the tests compile without the DOM lib). */
interface AnalyticsPage {
  analytics: {
    page(name: string): Promise<unknown>;
    identify(userId: string, traits: object, options?: object): Promise<unknown>;
    track(event: string, properties: object): Promise<unknown>;
    user(): Promise<{ anonymousId(): string }>;
  };
  ready: Promise<void>;
}

function productPage(cairn: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Tasklane</title>
<script src="/analytics-next.js"></script>
<script>
  window.ready = AnalyticsBrowser.load({ writeKey: ${JSON.stringify(WRITE_KEY)}, cdnURL: ${JSON.stringify(cairn)} })
    .then(([analytics]) => { window.analytics = analytics; });
</script>
</head><body><h1>Tasklane</h1></body></html>`;
}

forEachStore('analytics.js 2.0 in Chromium against a running Cairn', (getStore: () => Store) => {
  describe(
    'on a page of another origin',
    { skip: missing && !process.env.CI ? missing : false },
    () => {
      let t: TestApp;
      let pages: Server;
      let profileDir: string;
      let context: BrowserContext;
      let page: Page;
      const errors: string[] = [];
      const cairnRequests: { method: string; url: string; origin?: string }[] = [];

      before(async () => {
        if (missing) throw new Error(`${missing}; CI installs it before the tests (.ci/run)`);
        t = await testApp(getStore());
        const cairn = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
        // Every request as it arrives, preflights included (answered before any route).
        t.app.server.prependListener('request', (request) =>
          cairnRequests.push({
            method: request.method!,
            url: request.url!,
            origin: request.headers.origin,
          }),
        );
        const script = await bundleAnalyticsNext();
        pages = createServer((request, response) => {
          if (request.url === '/analytics-next.js') {
            response.setHeader('content-type', 'text/javascript; charset=utf-8');
            return response.end(script);
          }
          response.setHeader('content-type', 'text/html; charset=utf-8');
          response.end(productPage(cairn));
        });
        await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
        profileDir = await mkdtemp(join(tmpdir(), 'cairn-chromium-'));
        context = await chromium.launchPersistentContext(profileDir, {
          executablePath: CHROMIUM,
          headless: true,
          args: FLAGS,
        });
        page = context.pages()[0] ?? (await context.newPage());
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        // localhost, not 127.0.0.1: another origin than Cairn's, as a product's page is.
        await page.goto(`http://localhost:${(pages.address() as { port: number }).port}/app`);
      });

      after(async () => {
        await context?.close();
        if (profileDir) await rm(profileDir, { recursive: true, force: true });
        pages?.close();
        await t?.app.close();
      });

      it('pages while anonymous, identifies, tracks: one user, the anonymous page merged in', async () => {
        const anonymousId = await page.evaluate(async () => {
          const w = globalThis as unknown as AnalyticsPage;
          await w.ready;
          await w.analytics.page('Pricing');
          return (await w.analytics.user()).anonymousId();
        });
        assert.ok(anonymousId, 'analytics.js gave the visitor no anonymousId');
        const before = (await getStore().readEvents(0, 10_000)).filter((e) => e.type === 'page');
        assert.equal(before.length, 1);
        assert.equal(before[0].anonymousId, anonymousId);
        assert.equal(before[0].userId, null);

        // The browser holds the public key: a contact point needs the user hash the product's
        // backend computed with the workspace secret (identity verification).
        const hash = userHash(WORKSPACE_SECRET, 'ana');
        await page.evaluate(async (hash) => {
          const w = globalThis as unknown as AnalyticsPage;
          await w.analytics.identify(
            'ana',
            { email: 'ana@acme.io', role: 'Technical' },
            { context: { userHash: hash } },
          );
          await w.analytics.track('Report Created', { shared: true });
        }, hash);

        // Through the admin API, as an operator would look.
        const res = await t.app.inject({ url: '/api/users/ana', headers: t.admin });
        assert.equal(res.statusCode, 200, res.body);
        const user = res.json();
        assert.equal(user.userId, 'ana');
        assert.ok(user.anonymousIds.includes(anonymousId), 'the anonymous visitor was not merged');
        assert.equal(user.traits.email, 'ana@acme.io');
        assert.equal(
          user.counters['Viewed Pricing Page']?.count,
          1,
          'the anonymous page is not counted',
        );
        assert.equal(user.counters['Report Created']?.count, 1);
        // And the anonymous id alone leads to the same user.
        const byAnonymous = await t.app.inject({
          url: `/api/users/${encodeURIComponent(anonymousId)}`,
          headers: t.admin,
        });
        assert.equal(byAnonymous.json().userId, 'ana');

        // It went the way a browser goes: settings first, preflights, then the short paths.
        const paths = cairnRequests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
        assert.equal(paths[0], `GET /v1/projects/${WRITE_KEY}/settings`);
        for (const path of ['POST /v1/p', 'POST /v1/i', 'POST /v1/t'])
          assert.ok(paths.includes(path), path);
        assert.ok(paths.includes('OPTIONS /v1/p'), `no preflight among ${paths.join(', ')}`);
        assert.ok(cairnRequests.every((r) => r.origin?.startsWith('http://localhost:')));
        assert.deepEqual(errors, []);
      });
    },
  );
});
