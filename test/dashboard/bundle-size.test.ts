import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { bundleDir } from '../../src/dashboard/assets.js';
import { indexHtml } from '../../src/dashboard/assets.js';

const LIMIT = 150 * 1024;

it('keeps the first page’s JavaScript and CSS under 150 KB gzipped, all served from Cairn itself', () => {
  const html = indexHtml('test');
  // Everything the page loads is on this server: no CDN.
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.deepEqual(urls, [
    'data:,',
    '/dashboard/assets/app.css?v=test',
    '/dashboard/assets/app.js?v=test',
  ]);
  let total = 0;
  for (const name of ['app.js', 'app.css']) {
    const body = readFileSync(join(bundleDir(), name));
    assert.doesNotMatch(
      body.toString('utf8'),
      /https?:\/\/(?!www\.w3\.org)/,
      `${name} loads nothing remote`,
    );
    total += gzipSync(body, { level: 9 }).length;
  }
  assert.ok(total < LIMIT, `${total} bytes gzipped`);
  assert.ok(total > 5000, 'the bundle is there');
});
