/**
 * The docs, checked as a user would follow them: every ```sh block of the README and the
 * recipes runs, in order, in one shell per document, against a Cairn started for that document
 * (a fresh temporary database, the example workspace); a block that fails fails the test, and
 * the output documented right under a block must be what it printed (matchesDocumented).
 * Blocks marked ```sh norun are the ones that install, build, start the server (this test starts
 * it, with the same environment) or run the whole suite: each is checked against that list.
 * `npx cairn` runs the compiled CLI directly (npx only finds it; that takes seconds each time).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { cliCommand, startCairnProcess } from '../support/cairn-process.js';
import { fencedBlocks, matchesDocumented, type FencedBlock } from './markdown-blocks.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOCUMENTS = [
  'README.md',
  'docs/recipes/README.md',
  'docs/recipes/p1-activation-emails.md',
  'docs/recipes/p2-lifecycle-by-persona.md',
  'docs/recipes/p3-onboarding-paths.md',
];
/** What a `norun` block may do: what the suite cannot run inside itself. */
const NOT_RUN = /^(\w+=\S+ )*npm (install|start|test|run build|ci)\b/;
const DOCUMENTED_ADDRESS = 'http://127.0.0.1:4000';

describe('the README and recipes, run as written', () => {
  let dir: string;
  let slackSink: Server;
  let slackUrl: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-docs-'));
    // `npx cairn …` → the compiled CLI; anything else → the real npx.
    const shim = join(dir, 'bin');
    await import('node:fs/promises').then((fs) => fs.mkdir(shim));
    await writeFile(
      join(shim, 'npx'),
      `#!/usr/bin/env bash\nif [ "$1" = cairn ]; then shift; exec ${JSON.stringify(process.execPath)} ${cliCommand()
        .map((part) => JSON.stringify(part))
        .join(
          ' ',
        )} "$@"; fi\nexec "$(PATH=${JSON.stringify(process.env.PATH ?? '')} command -v npx)" "$@"\n`,
    );
    await chmod(join(shim, 'npx'), 0o755);
    // Slack webhooks the docs name are received here instead.
    slackSink = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('ok'));
    });
    await new Promise<void>((resolve) => slackSink.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(slackSink.address() as { port: number }).port}/slack`;
  });
  after(async () => {
    slackSink?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const document of DOCUMENTS) {
    it(document, { timeout: 600_000 }, async () => {
      const blocks = fencedBlocks(await readFile(join(ROOT, document), 'utf8'));
      const shell = blocks.filter((b) => /^sh\b/.test(b.info));
      const skipped = shell.filter((b) => /\bnorun\b/.test(b.info));
      for (const block of skipped)
        for (const command of commandsOf(block))
          assert.match(command, NOT_RUN, `${document}:${block.line} is marked norun: ${command}`);
      const runnable = shell.filter((b) => !/\bnorun\b/.test(b.info));
      if (!runnable.length) return;

      const work = await mkdtemp(join(dir, 'run-'));
      const env: Record<string, string> = {
        CAIRN_DB: join(work, 'cairn.db'),
        CAIRN_OUTBOX_DIR: join(work, 'outbox'),
        CAIRN_WRITE_KEY: '',
        CAIRN_ADMIN_KEY: '',
        CAIRN_CONFIG: '',
      };
      // The environment the document starts the server with (`VAR=value npm start`).
      const serverEnv: Record<string, string> = {};
      for (const block of skipped)
        for (const [, name, value] of block.content.matchAll(/(\w+)=(\S+) npm start/g))
          serverEnv[name] = value.startsWith('https://hooks.slack.com/') ? slackUrl : value;
      const cairn = await startCairnProcess({ ...env, LOG_LEVEL: 'info', ...serverEnv }, [
        '--config',
        join(ROOT, 'examples/saas/cairn.yaml'),
      ]);
      try {
        const address = cairn.address.replace(/\/$/, '');
        const script = ['set -eo pipefail']
          .concat(
            runnable.map(
              (block, i) =>
                `printf '\\n@@block ${i}@@\\n'\n${block.content.replaceAll(DOCUMENTED_ADDRESS, address)}`,
            ),
          )
          .join('\n');
        const run = await bash(script, {
          ...process.env,
          ...env,
          PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        });
        const outputs = run.stdout.split(/\n@@block \d+@@\n/).slice(1);
        const failed = runnable[outputs.length - 1];
        assert.equal(
          run.status,
          0,
          `${document}:${failed?.line}: the block failed (exit ${run.status})\n${run.stderr}\n${outputs.at(-1)}`,
        );
        runnable.forEach((block, i) => {
          if (!block.output || /^(sh|js|yaml|liquid)\b/.test(block.output.info)) return;
          const mismatch = matchesDocumented(outputs[i] ?? '', block.output.content);
          assert.equal(mismatch, null, `${document}:${block.output.line}: ${mismatch}`);
        });
      } finally {
        await cairn.stop();
      }
    });
  }
});

function commandsOf(block: FencedBlock): string[] {
  return block.content
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

function bash(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
