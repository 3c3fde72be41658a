// Bundles the dashboard (src/dashboard/ui) into dist/dashboard/app.js and app.css: Preact and
// the pages in one minified file, no network at run time. Part of `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: { app: 'src/dashboard/ui/main.tsx' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: 'dist/dashboard',
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: { app: 'src/dashboard/ui/app.css' },
  bundle: true,
  minify: true,
  outdir: 'dist/dashboard',
  logLevel: 'warning',
});
