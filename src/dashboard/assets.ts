import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle `npm run build` writes (scripts/build-dashboard.mjs): dist/dashboard/. */
export function bundleDir(): string {
  // dist/src/dashboard/assets.js -> dist/dashboard
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard');
}

export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Reads the built files once; a name outside the bundle's own list is not served. */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of ['app.js', 'app.css']) {
    const file = join(bundleDir(), name);
    if (!existsSync(file)) continue;
    assets.set(name, { body: readFileSync(file), type: TYPES[name.split('.').pop()!]! });
  }
  return assets;
}

export function indexHtml(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cairn</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/app.css?v=${encodeURIComponent(version)}">
</head>
<body>
<div id="app"><noscript>The Cairn dashboard needs JavaScript.</noscript></div>
<script type="module" src="/dashboard/assets/app.js?v=${encodeURIComponent(version)}"></script>
</body>
</html>
`;
}
