import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliCommand } from '../support/cairn-process.js';

const CONFIG = 'examples/saas/cairn.yaml';

function cairn(...args: string[]) {
  return spawnSync(process.execPath, [...cliCommand(), ...args], {
    encoding: 'utf8',
    // SQLite only: a DATABASE_URL of the environment must not redirect these commands.
    env: { ...process.env, DATABASE_URL: '', CAIRN_CONFIG: '' },
  });
}

describe('cairn preview', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-preview-cli-'));
  const db = join(dir, 'cairn.db');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    // A store with Ivy's history, through the same import a backfill would use.
    const calls = [
      { type: 'identify', userId: 'ivy', traits: { email: 'ivy@acme.example', first_name: 'Ivy' } },
      { type: 'group', userId: 'ivy', groupId: 'acme', traits: { name: 'Acme', seats: 40 } },
      {
        type: 'track',
        userId: 'ivy',
        event: 'Project Created',
        properties: { name: 'Website redesign' },
      },
      { type: 'track', userId: 'ivy', event: 'Task Created' },
      { type: 'track', userId: 'ivy', event: 'Task Created' },
    ].map((call, i) => ({ ...call, messageId: `m${i}`, timestamp: `2026-01-05T09:0${i}:00Z` }));
    writeFileSync(
      join(dir, 'events.ndjson'),
      calls.map((c) => JSON.stringify(c)).join('\n') + '\n',
    );
    const imported = cairn('import', join(dir, 'events.ndjson'), '--db', db, '--config', CONFIG);
    assert.equal(imported.status, 0, imported.stderr);
  });

  it('renders an email with sample data and `--data`, as headers and the text part', () => {
    const run = cairn(
      'preview',
      'project_breakdown_tips',
      '--config',
      CONFIG,
      '--data',
      '{"event":{"properties":{"name":"Website redesign"}}}',
    );
    assert.equal(run.status, 0, run.stderr);
    const [subject, preheader, from, blank, header] = run.stdout.split('\n');
    assert.equal(
      subject,
      'Subject: Your project “Website redesign”: how teams break it into tasks',
    );
    assert.equal(preheader, 'Preheader: Phases first, then tasks someone can finish in a day');
    assert.equal(
      from,
      'Template: templates/project_breakdown_tips.mjml.liquid, marketing, topic product_tips',
    );
    assert.equal(blank, '');
    assert.equal(header, 'Tasklane');
    assert.match(run.stdout, /I noticed you created the project “Website redesign”/);
  });

  it("renders with a user's data from the store", () => {
    const run = cairn(
      'preview',
      'project_breakdown_tips',
      '--user',
      'ivy',
      '--db',
      db,
      '--config',
      CONFIG,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Subject: Your project “Website redesign”: how teams break it into tasks\n/,
    );
    assert.match(run.stdout, /Hi Ivy,/);
    assert.match(run.stdout, /You have 2 tasks so far/);
    // Imported history starts no run: the event is the one in her log that would start it.
    assert.match(
      run.stdout,
      /\nEvent: Project Created, from their log \(m2\/0\): it would start individual_first_project, which they are not in\n/,
    );
  });

  it('prints the HTML part, or everything as JSON', () => {
    const html = cairn(
      'preview',
      'celebrate_source_connected',
      '--config',
      CONFIG,
      '--format',
      'html',
    );
    assert.equal(html.status, 0, html.stderr);
    assert.match(html.stdout, /^<!doctype html>/);
    const json = cairn(
      'preview',
      'collaboration_tip_inapp',
      '--config',
      CONFIG,
      '--format',
      'json',
    );
    assert.equal(json.status, 0, json.stderr);
    const preview = JSON.parse(json.stdout);
    assert.equal(preview.kind, 'inapp');
    assert.equal(preview.title, 'Share your report with one teammate');
    assert.equal(preview.context.workspace.name, 'Tasklane');
  });

  it('renders in-app messages and Slack alerts as text', () => {
    const inapp = cairn('preview', 'support_offer_inapp', '--config', CONFIG);
    assert.equal(inapp.status, 0, inapp.stderr);
    assert.match(
      inapp.stdout,
      /^Title: Want a hand, Dana\? A person answers within two hours\nButton: Chat with support \(https:\/\/app\.tasklane\.example\/help\/chat\)\n/,
    );
    const slack = cairn(
      'preview',
      'csm_high_intent_alert',
      '--config',
      CONFIG,
      '--data',
      '{"account":{"csm":"sam"}}',
    );
    assert.equal(slack.status, 0, slack.stderr);
    assert.match(
      slack.stdout,
      /^Dana \(Acme, 40 seats\) viewed pricing 3× in two weeks, score 72, still on trial — owner: @sam\n/,
    );
  });

  it('exits 1 for an unknown template or user, and for a render error with its file and line', () => {
    const unknown = cairn('preview', 'no_such_template', '--config', CONFIG);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, 'template no_such_template not found\n');
    const nobody = cairn('preview', 'welcome', '--user', 'nobody', '--db', db, '--config', CONFIG);
    assert.equal(nobody.status, 1);
    assert.equal(nobody.stderr, 'user nobody not found\n');

    const workspace = join(dir, 'strict');
    mkdirSync(join(workspace, 'templates'), { recursive: true });
    writeFileSync(join(workspace, 'cairn.yaml'), 'name: Strict\n');
    writeFileSync(
      join(workspace, 'templates', 'tips.mjml.liquid'),
      '---\nsubject: Tips for {{ event.properties.project }}\n---\n<p>Hi</p>\n',
    );
    const strict = cairn('preview', 'tips', '--config', join(workspace, 'cairn.yaml'));
    assert.equal(strict.status, 1);
    assert.equal(strict.stdout, '');
    assert.equal(
      strict.stderr,
      'templates/tips.mjml.liquid:2:22 subject: unknown variable event.properties.project\n',
    );
  });
});
