import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliCommand } from '../support/cairn-process.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

const CONFIG = 'examples/saas/cairn.yaml';

// Acme: Bo joins first with no role, Ivy is its admin. Ivy completes tasks in two weeks.
const WEEK_1 = ['2026-01-05T09:02:00Z', '2026-01-06T10:00:00Z', '2026-01-08T16:00:00Z'];
const WEEK_2 = ['2026-01-13T11:00:00Z'];
const CALLS = [
  { type: 'identify', userId: 'bo', traits: { email: 'bo@acme.example', first_name: 'Bo' } },
  { type: 'group', userId: 'bo', groupId: 'acme', traits: { name: 'Acme', seats: 40 } },
  {
    type: 'identify',
    userId: 'ivy',
    traits: { email: 'ivy@acme.example', first_name: 'Ivy', account_role: 'admin' },
  },
  { type: 'group', userId: 'ivy', groupId: 'acme', traits: { name: 'Acme', seats: 40 } },
].map((call, i) => ({ ...call, timestamp: `2026-01-05T09:0${i}:00Z` }));
const TASKS = [...WEEK_1, ...WEEK_2].map((timestamp) => ({
  type: 'track',
  userId: 'ivy',
  event: 'Task Completed',
  timestamp,
}));

/** The count of Ivy's `Task Completed` in [from, to), read from the raw calls. */
function tasksBetween(from: string, to: string): number {
  return TASKS.filter((t) => t.timestamp >= from && t.timestamp < to).length;
}

for (const dialect of selectedDialects()) {
  describe(`cairn preview --report (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-preview-report-'));
    const env: Record<string, string> = { CAIRN_CONFIG: '' };
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    function cairn(...args: string[]) {
      return spawnSync(process.execPath, [...cliCommand(), ...args, '--config', CONFIG], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    }

    before(async () => {
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      } else {
        env.DATABASE_URL = '';
        env.CAIRN_DB = join(dir, 'cairn.db');
      }
      const lines = [...CALLS, ...TASKS].map((call, i) => ({ ...call, messageId: `m${i}` }));
      writeFileSync(
        join(dir, 'events.ndjson'),
        lines.map((c) => JSON.stringify(c)).join('\n') + '\n',
      );
      const imported = cairn('import', join(dir, 'events.ndjson'));
      assert.equal(imported.status, 0, imported.stderr);
    });

    /** Each run previews `--report <report> --owner <owner> --period <period>` and more. */
    const runs: {
      about: string;
      args: [report: string, owner: string, period: string, ...more: string[]];
      check: (stdout: string) => void;
    }[] = [
      {
        about: "a user's report for the period given, with the period's own figures",
        args: ['weekly_user', 'ivy', '2026-01-07'],
        check: (stdout) => {
          const expected = tasksBetween('2026-01-05', '2026-01-12');
          assert.equal(expected, 3);
          const lines = stdout.split('\n');
          assert.equal(lines[0], `Subject: Your week in Tasklane: ${expected} tasks`);
          assert.equal(lines[2], 'Template: usage_report');
          assert.equal(lines[3], 'Report: weekly_user (Your week in Tasklane), user ivy');
          assert.equal(lines[4], 'Period: week 2026-01-05 to 2026-01-11 (UTC)');
          assert.equal(lines[5], 'Recipient: ivy');
          assert.match(lines[6]!, /^Variant: report, stage /);
          assert.match(stdout, /\nHi Ivy,\n/);
          assert.match(stdout, new RegExp(`You completed ${expected} tasks this week\\.`));
        },
      },
      {
        about: 'another period as JSON: its own count, and the week before is the first one',
        args: ['weekly_user', 'ivy', '2026-01-18', '--format', 'json'],
        check: (stdout) => {
          const preview = JSON.parse(stdout);
          assert.equal(preview.report.period.start, '2026-01-12');
          assert.equal(
            preview.report.metrics.tasks_completed.value,
            tasksBetween('2026-01-12', '2026-01-19'),
          );
          assert.equal(
            preview.report.metrics.tasks_completed.previous,
            tasksBetween('2026-01-05', '2026-01-12'),
          );
          assert.equal(preview.variant, 'report');
          assert.match(preview.html, /^<!doctype html>/);
        },
      },
      {
        about: "a user's quiet period: the re-engagement variant",
        args: ['weekly_user', 'ivy', '2025-12-03'],
        check: (stdout) => {
          assert.match(stdout, /^Subject: .*\n/);
          assert.match(stdout, /\nTemplate: usage_reengage\n/);
          assert.match(stdout, /\nVariant: inactive, /);
        },
      },
      {
        about: "an account's quiet period: nothing",
        args: ['weekly_account', 'acme', '2025-12-03'],
        check: (stdout) => {
          assert.doesNotMatch(stdout, /Subject:/);
          assert.match(stdout, /\nVariant: skipped, /);
        },
      },
      {
        about: "an account's report, for its admin",
        args: ['weekly_account', 'acme', '2026-01-07'],
        check: (stdout) => {
          assert.match(stdout, /^Subject: Acme's week in Tasklane: 3 tasks\n/);
          // Bo joined first, but Ivy holds the role the report is sent to.
          assert.match(stdout, /\nRecipient: ivy\n/);
          assert.match(stdout, /\nHi Ivy,\n/);
        },
      },
      {
        about: "an account's report for the member named, as HTML",
        args: ['weekly_account', 'acme', '2026-01-07', '--recipient', 'bo', '--format', 'html'],
        check: (stdout) => {
          assert.match(stdout, /^<!doctype html>/);
          assert.match(stdout, /Hi Bo,/);
          assert.match(stdout, /<title>Acme&#39;s week in Tasklane: 3 tasks<\/title>/);
        },
      },
    ];
    for (const { about, args, check } of runs) {
      it(`previews ${about}`, () => {
        const [report, owner, period, ...more] = args;
        const run = cairn(
          'preview',
          '--report',
          report,
          '--owner',
          owner,
          '--period',
          period,
          ...more,
        );
        assert.equal(run.status, 0, run.stderr);
        check(run.stdout);
      });
    }

    it('names what is wrong, exit 1', () => {
      const cases: [string[], RegExp][] = [
        [['--report', 'weekly_user', '--owner', 'nobody'], /^user "nobody" not found\n$/],
        [['--report', 'nightly', '--owner', 'ivy'], /^report "nightly" not found\n$/],
        [['--report', 'weekly_account', '--owner', 'globex'], /^account "globex" not found\n$/],
        [
          ['--report', 'weekly_account', '--owner', 'acme', '--recipient', 'zed'],
          /^member "zed" of account "acme" not found\n$/,
        ],
        [
          ['--report', 'weekly_user', '--owner', 'ivy', '--recipient', 'bo'],
          /^--recipient: only account reports take a recipient\n$/,
        ],
        [
          ['--report', 'weekly_user', '--owner', 'ivy', '--period', '2026-13-45'],
          /^--period: expected a date/,
        ],
        [['--report', 'weekly_user'], /^--report needs --owner/],
        [['usage_report', '--report', 'weekly_user', '--owner', 'ivy'], /not both/],
        [['usage_report', '--owner', 'ivy'], /^--owner goes with --report\n$/],
        [
          ['--report', 'weekly_user', '--owner', 'ivy', '--user', 'ivy'],
          /^--user does not go with --report\n$/,
        ],
        [[], /^missing the template id/],
      ];
      for (const [args, message] of cases) {
        const run = cairn('preview', ...args);
        assert.equal(run.status, 1, `${args.join(' ')}: ${run.stdout}`);
        assert.match(run.stderr, message, args.join(' '));
        assert.equal(run.stdout, '', args.join(' '));
      }
    });
  });
}
