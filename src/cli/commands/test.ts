import type { Command } from 'commander';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DefinitionsError,
  loadDefinitions,
  type LoadedDefinitions,
} from '../../definitions/index.js';
import { runScenario, type ScenarioResult } from '../../testing/index.js';
import { scenarioTemplates, type ScenarioTemplates } from '../../testing/scenario-templates.js';
import { isWorkspaceFolder, workspaceConfig } from '../workspace-path.js';

/** A scenario file's outcome: its result, or why it could not run (a broken file). */
type Outcome = { file: string; result: ScenarioResult } | { file: string; error: string };

export function testCommand(program: Command): void {
  program
    .command('test')
    .description(
      'Run scenario files against the workspace definitions with a simulated clock (no server, no database)',
    )
    .argument(
      '[paths...]',
      'scenario files or folders of them, or one workspace folder (its cairn.yaml and tests/); default: the tests/ folder next to the definitions',
    )
    .option(
      '-c, --config <file>',
      'the definitions file, or its folder (env CAIRN_CONFIG; default ./cairn.yaml)',
      undefined,
    )
    .addHelpText(
      'after',
      [
        '',
        'Each scenario says what users do at times relative to its start and what must be true',
        'then (messages sent, deferred, held out…, journeys, state, traits); see the README in',
        'examples/saas/tests/. Prints every expectation, then "N passed, N failed"; exits 1 when',
        'a scenario fails or cannot be read.',
        '',
        'Examples:',
        '  cairn test examples/saas                (examples/saas/cairn.yaml, examples/saas/tests/)',
        '  cairn test --config cairn.yaml',
        '  cairn test tests/p1-no-login-day-1.yaml --config cairn.yaml',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: { config?: string }) => {
      // `cairn test examples/saas`: the folder is the workspace, its tests/ the scenarios.
      const workspaceFolder =
        !flags.config && paths.length === 1 && isWorkspaceFolder(paths[0]) ? paths[0] : null;
      const config = workspaceConfig(
        workspaceFolder ?? flags.config,
        '`cairn test path/to/workspace` or `--config path/to/cairn.yaml`',
      );
      if (workspaceFolder) paths = [];
      let definitions: LoadedDefinitions;
      try {
        definitions = await loadDefinitions(config);
      } catch (error) {
        if (!(error instanceof DefinitionsError)) throw error;
        process.stderr.write(`${error.message}\n${error.issues.length} problem(s) in ${config}\n`);
        process.exitCode = 1;
        return;
      }
      const sources = paths.length ? paths : [join(dirname(config), 'tests')];
      const files = await scenarioFiles(sources);
      // What was looked at, so a surprising result can be traced to the wrong folder.
      process.stdout.write(
        `definitions ${config}; ${files.length} scenario file(s) from ${sources.join(', ')}\n\n`,
      );

      // The templates beside the definitions: topics of send steps without one, persona variants.
      const templates = await scenarioTemplates(config);
      const started = performance.now();
      const outcomes: Outcome[] = [];
      for (const file of files) {
        const outcome = await runFile(definitions, templates, file);
        outcomes.push(outcome);
        process.stdout.write(formatOutcome(outcome) + '\n');
      }
      const failed = outcomes.filter((o) => !('result' in o) || !o.result.passed).length;
      const checked = outcomes.reduce(
        (n, o) => n + ('result' in o ? o.result.expectations.length : 0),
        0,
      );
      const ms = Math.round(performance.now() - started);
      process.stdout.write(
        `\n${outcomes.length - failed} passed, ${failed} failed ` +
          `(${checked} expectations, ${ms} ms)\n`,
      );
      if (failed) process.exitCode = 1;
    });
}

/** The files named, and the `*.yaml` / `*.yml` files of the folders named, in name order. */
async function scenarioFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${path}: no such file or folder`);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort();
    if (!names.length) throw new Error(`no scenario files (*.yaml) in ${path}`);
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

async function runFile(
  definitions: LoadedDefinitions,
  templates: ScenarioTemplates,
  file: string,
): Promise<Outcome> {
  try {
    const text = await readFile(file, 'utf8');
    return { file, result: runScenario(definitions, text, file, templates) };
  } catch (error) {
    // A broken scenario fails on its own; the others still run.
    if (error instanceof DefinitionsError) return { file, error: error.message };
    return { file, error: `cannot run: ${(error as Error).message}` };
  }
}

/**
 *   PASS  P1 — quiet hours defer, never drop  (tests/p1-quiet-hours.yaml)
 *         ok    line 11  at 0h      user-1  sent
 *         FAIL  tests/p1-quiet-hours.yaml:13 at 24h  user-1  sent: expected [], got [a]
 */
function formatOutcome(outcome: Outcome): string {
  if (!('result' in outcome)) {
    const problems = outcome.error.split('\n').map((line) => `      ${line}`);
    return [`FAIL  ${outcome.file} (not run)`, ...problems].join('\n');
  }
  const { result } = outcome;
  const lines = [`${result.passed ? 'PASS' : 'FAIL'}  ${result.name}  (${result.file})`];
  if (!result.expectations.length) lines.push('      (checks nothing: add an expect step)');
  const atWidth = Math.max(0, ...result.expectations.map((e) => e.at.length));
  const userWidth = Math.max(0, ...result.expectations.map((e) => e.user.length));
  for (const e of result.expectations) {
    const when = `at ${e.at.padEnd(atWidth)}  ${e.user.padEnd(userWidth)}`;
    lines.push(
      e.passed
        ? `      ok    line ${e.where.slice(e.where.lastIndexOf(':') + 1).padEnd(4)} ${when}  ${e.key}`
        : `      FAIL  ${e.where} ${when}  ${e.key}: ${e.message}`,
    );
  }
  if (!result.passed && result.messages.length) {
    lines.push('      messages handled:');
    for (const m of result.messages)
      lines.push(
        `        ${new Date(m.at).toISOString()} ${m.userId} ${m.journeyId}.${m.stepId} ` +
          `${m.channel} ${m.template}: ${m.status} (${m.reason})`,
      );
  }
  return lines.join('\n');
}
