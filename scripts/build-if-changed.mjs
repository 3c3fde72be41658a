// `npm start` runs this first: it compiles only when a source is newer than the last build, so a
// start with nothing changed takes no compile at all (tsc over the whole tree takes ~20 s).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const STAMP = 'dist/.built';
const SOURCES = ['src', 'test', 'bench'];
const FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its folder
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changed = Math.max(...SOURCES.map(newest), ...FILES.map(newest));
if (changed <= built) process.exit(0);

const started = new Date();
process.stderr.write('Sources changed since the last build: compiling (npm run build)…\n');
const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// Stamped with the time the build started, so an edit made during it is compiled next time.
writeFileSync(STAMP, '');
utimesSync(STAMP, started, started);
