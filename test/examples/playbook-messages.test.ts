import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { checkWorkspaceTemplates } from '../../src/runtime/validate-workspace.js';
import type { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { replayScenario, type JourneyMessage, type JourneyReplay } from './journey-messages.js';

const CONFIG = 'examples/saas/cairn.yaml';

/**
 * The P1 and P2 scenarios of examples/saas/tests (`cairn test` checks which messages go out and
 * when), replayed with rendering: what each delivered message says, with the data of the
 * scenario's users.
 */
describe('P1 and P2 scenarios: what the messages say', () => {
  let definitions: LoadedDefinitions;
  let renderer: LiquidRenderer;
  const replay = (name: string): JourneyReplay => {
    const file = `examples/saas/tests/${name}.yaml`;
    return replayScenario(definitions, renderer, readFileSync(file, 'utf8'), file);
  };
  const delivered = (r: JourneyReplay, user: string) =>
    r.messages
      .filter((m) => m.userId === user && (m.status === 'sent' || m.status === 'notified'))
      .map((m) => m.template);
  const message = (r: JourneyReplay, user: string, template: string): JourneyMessage => {
    const found = r.messages.find((m) => m.userId === user && m.template === template);
    assert.ok(found, `${user} got no ${template}`);
    return found;
  };

  before(async () => {
    definitions = await loadDefinitions(CONFIG);
    renderer = (await checkWorkspaceTemplates(CONFIG, definitions)).renderer!;
  });

  it('P1 — contextual next steps until activation', () => {
    const r = replay('p1-activation-path');
    assert.deepEqual(delivered(r, 'user-1'), [
      'welcome_projects',
      'celebrate_source_connected',
      'next_step_first_report',
      'create_report_from_your_data',
      'collaboration_tips',
      'collaboration_tip_inapp',
    ]);
    const email = (template: string) => message(r, 'user-1', template).email!;
    assert.equal(
      email('welcome_projects').subject,
      'Your Tasklane login: set up your first project',
    );
    assert.equal(email('welcome_projects').category, 'transactional');
    assert.equal(
      email('celebrate_source_connected').subject,
      'PostgreSQL connected: your first report is next',
    );
    // Connected at 12:00 on Monday (3 hours after the 09:00 start).
    assert.match(email('next_step_first_report').text, /first data source on Monday at 12:00 UTC/);
    const fromData = email('create_report_from_your_data');
    assert.equal(fromData.subject, 'Three reports teams build first from PostgreSQL');
    assert.match(
      fromData.text,
      /You connected PostgreSQL on Monday, but there is no report on it yet/,
    );
    assert.match(
      fromData.text,
      /Build a report from PostgreSQL \(https:\/\/app\.tasklane\.example\/reports\/new\?source_type=postgres\)/,
    );
    assert.equal(email('collaboration_tips').subject, 'Your report has one reader so far: you');
    assert.equal(
      message(r, 'user-1', 'collaboration_tip_inapp').inapp!.title,
      'Share your report with one teammate',
    );
    // The capped celebration would have said where they stand.
    assert.match(
      message(r, 'user-1', 'celebrate_report_shared').content,
      /✓ Shared it with a teammate today/,
    );
  });

  it('P1 — no login on day 1 gets "Trouble getting started?"', () => {
    const r = replay('p1-no-login-day-1');
    assert.deepEqual(delivered(r, 'user-1'), ['welcome_reporting', 'trouble_getting_started']);
    const trouble = message(r, 'user-1', 'trouble_getting_started').email!;
    assert.equal(trouble.subject, 'Trouble getting started?');
    assert.match(
      trouble.text,
      /You created your Tasklane account on Monday, January 5 to build reports, but you have not signed in yet/,
    );
    assert.match(
      trouble.text,
      /Get a new sign-in link \(https:\/\/app\.tasklane\.example\/login\?email=ada%40example\.com\)/,
    );
  });

  it('P2 — one automation per behavior persona, quoting what each did', () => {
    const r = replay('p2-persona-journeys');
    const project = message(r, 'ivy', 'project_breakdown_tips').email!;
    assert.equal(project.subject, 'Your project “Website redesign”: how teams break it into tasks');
    assert.match(
      project.text,
      /I noticed you created the project “Website redesign”\. Here is how teams usually break projects like this into tasks:\n\n1\. Audit/,
    );
    assert.match(
      message(r, 'ivy', 'personal_productivity_tips').email!.subject,
      /in “Website redesign”/,
    );

    assert.match(
      message(r, 'theo', 'team_adoption_proof').email!.subject,
      /^Your teammate is invited/,
    );

    const setup = message(r, 'ada', 'integration_setup_incomplete').email!;
    assert.equal(
      setup.subject,
      'Integration setup incomplete: here is what your workspace is missing',
    );
    assert.match(setup.text, /✓ Integration connected \(CRM\)\n✗ Roles and permissions/);

    assert.match(
      message(r, 'eli', 'power_user_automation').email!.subject,
      /^You built an automation on day one/,
    );
    assert.match(
      message(r, 'eve', 'evaluator_comparison_guide').email!.text,
      /looked at our pricing 2 times/,
    );
    assert.match(
      message(r, 'eve', 'evaluator_core_value').email!.text,
      /\(2 visits to the pricing page\)/,
    );
  });

  it('P2 — high intent: the Slack alert a customer-success manager reads', () => {
    const r = replay('p2-high-intent');
    const alert = message(r, 'user-1', 'csm_high_intent_alert');
    assert.equal(alert.status, 'notified');
    assert.match(
      alert.text!.text,
      /^user-1@example\.com \(no account\) viewed pricing 3× in two weeks, score \d+, still on trial — owner: nobody yet, claim it\nReach them at user-1@example\.com · last pricing visit Thu Jan 8, 09:00 UTC · stage engaged · administrator$/,
    );
  });

  it('P2 — the in-app tip after the collaboration email is about the same report', () => {
    const r = replay('p2-cross-channel');
    assert.deepEqual(delivered(r, 'kim'), [
      'celebrate_first_report',
      'collaboration_tips',
      'collaboration_tip_inapp',
      // Monday 09:00: her weekly usage report.
      'usage_report',
    ]);
    assert.equal(
      message(r, 'kim', 'collaboration_tips').email!.subject,
      'Your report has one reader so far: you',
    );
    assert.equal(
      message(r, 'kim', 'collaboration_tip_inapp').inapp!.cta?.url,
      'https://app.tasklane.example/reports?share=latest',
    );
    assert.deepEqual(delivered(r, 'lou'), [
      'celebrate_first_report',
      'collaboration_tips',
      'usage_report',
    ]);
  });
});
