import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliCommand } from '../support/cairn-process.js';

const cairnTest = (...args: string[]) =>
  spawnSync(process.execPath, [...cliCommand(), 'test', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CAIRN_CONFIG: '' },
  });

const dir = mkdtempSync(join(tmpdir(), 'cairn-test-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('cairn test', () => {
  it('runs the example scenarios, prints every expectation and a summary, exits 0', () => {
    const run = cairnTest('--config', 'examples/saas/cairn.yaml');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const scenarios = readdirSync('examples/saas/tests').filter((f) => f.endsWith('.yaml'));
    assert.match(run.stdout, new RegExp(`^${scenarios.length} passed, 0 failed \\(`, 'm'));
    assert.match(run.stdout, /^PASS {2}P1 — no login on day 1 .*p1-no-login-day-1\.yaml\)$/m);
    assert.match(run.stdout, /^ {6}ok {4}line \d+ +at 24h +user-1 +journeys\.day_1$/m);
    assert.doesNotMatch(run.stdout, /FAIL/);
  });

  it('runs the files and folders it is given; a failure says where, what and what happened', () => {
    const failing = join(dir, 'failing');
    mkdirSync(failing);
    writeFileSync(
      join(failing, 'wrong.yaml'),
      [
        'name: Day 1 — wrong on purpose',
        'steps:',
        '  - { at: 0h, track: Signed Up }',
        '  - { at: 0h, expect: { sent: [welcome] } }',
        '  - at: 26h',
        '    expect:',
        '      sent: [next_step_reporting]',
        '      journeys: { day_1: converted }',
      ].join('\n'),
    );
    writeFileSync(join(failing, 'broken.yaml'), 'name: broken\nsteps:\n  - { at: soon }\n');
    const run = cairnTest(
      failing,
      'examples/saas/tests/p1-quiet-hours.yaml',
      '--config',
      'examples/saas/cairn.yaml',
    );
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const out = run.stdout;
    assert.match(out, /^1 passed, 2 failed \(/m);
    assert.match(out, /^FAIL {2}Day 1 — wrong on purpose {2}\(.*wrong\.yaml\)$/m);
    assert.match(out, /^ {6}ok {4}line 4 +at 0h +user-1 +sent$/m);
    assert.match(
      out,
      /FAIL {2}.*wrong\.yaml:5 at 26h +user-1 +sent: expected \[next_step_reporting\], got \[trouble_getting_started\]/,
    );
    assert.match(out, /journeys\.day_1: expected converted, got exited \(no_login_on_day_1\)/);
    assert.match(out, /messages handled:\n(.*\n)*.* user-1 day_1\.trouble_getting_started email/);
    // A scenario that cannot be read fails on its own, with the problem located.
    assert.match(out, /^FAIL {2}.*broken\.yaml \(not run\)\n {6}.*broken\.yaml:3:\d+ steps\[0\]/m);
    assert.match(out, /^PASS {2}P1 — quiet hours/m);
  });

  it('reads the tests/ folder next to the definitions by default', () => {
    const workspace = join(dir, 'workspace');
    mkdirSync(join(workspace, 'tests'), { recursive: true });
    writeFileSync(
      join(workspace, 'cairn.yaml'),
      [
        'journeys:',
        '  welcome:',
        '    trigger: { event: Signed Up }',
        '    steps:',
        '      - { id: hello, send: { template: welcome, transactional: true } }',
      ].join('\n'),
    );
    writeFileSync(
      join(workspace, 'tests', 'welcome.yml'),
      'name: welcome at once\nsteps:\n  - { at: 0h, track: Signed Up }\n  - { at: 0h, expect: { sent: [welcome] } }\n',
    );
    writeFileSync(join(workspace, 'tests', 'notes.md'), 'not a scenario');
    const run = cairnTest('-c', join(workspace, 'cairn.yaml'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^1 passed, 0 failed \(1 expectations/m);
  });

  it('takes a workspace folder: its cairn.yaml and its tests/, and says what it read', () => {
    const run = cairnTest('examples/saas');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const scenarios = readdirSync('examples/saas/tests').filter((f) => f.endsWith('.yaml'));
    assert.match(
      run.stdout,
      new RegExp(
        `^definitions examples/saas/cairn\\.yaml; ${scenarios.length} scenario file\\(s\\) from examples/saas/tests$`,
        'm',
      ),
    );
    assert.match(run.stdout, new RegExp(`^${scenarios.length} passed, 0 failed \\(`, 'm'));
    // --config takes the folder too.
    const viaConfig = cairnTest('--config', 'examples/saas');
    assert.equal(viaConfig.status, 0, viaConfig.stdout + viaConfig.stderr);
  });

  it('exits 1 with a clear message for missing definitions or paths', () => {
    const noConfig = cairnTest('--config', join(dir, 'missing.yaml'));
    assert.equal(noConfig.status, 1);
    assert.match(
      noConfig.stderr,
      /no workspace definitions at .*missing\.yaml \(looked as given\)/,
    );
    // From a folder without cairn.yaml: what was looked for, and how to point the command.
    const fromRoot = spawnSync(process.execPath, [...cliCommand(), 'test'], {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, CAIRN_CONFIG: '' },
    });
    assert.equal(fromRoot.status, 1);
    assert.match(
      fromRoot.stderr,
      /no workspace definitions at cairn\.yaml \(looked in the current folder/,
    );
    assert.match(fromRoot.stderr, /cairn test path\/to\/workspace/);
    const noPath = cairnTest(join(dir, 'nope'), '--config', 'examples/saas/cairn.yaml');
    assert.equal(noPath.status, 1);
    assert.match(noPath.stderr, /nope: no such file or folder/);
  });

  it('--help documents the command', () => {
    const run = cairnTest('--help');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: cairn test \[options\] \[paths\.\.\.\]/);
    assert.match(run.stdout, /simulated clock/);
    assert.match(run.stdout, /--config/);
  });
});
