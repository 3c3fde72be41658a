import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import {
  formatIssue,
  loadDefinitions,
  referencedTemplates,
  type LoadedDefinitions,
} from '../../src/definitions/index.js';
import { newProfile } from '../../src/engine/profile/new-profile.js';
import { messageRenderContext } from '../../src/runtime/delivery/message-render-context.js';
import { checkWorkspaceTemplates } from '../../src/runtime/validate-workspace.js';
import { CHANNEL_KIND } from '../../src/templates/check-references.js';
import type { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { loadTemplates } from '../../src/templates/load-templates.js';
import { DEFAULT_START } from '../../src/testing/index.js';
import { JourneyReplay, type JourneyMessage } from './journey-messages.js';

const CONFIG = 'examples/saas/cairn.yaml';

/**
 * The example workspace's people, each doing what makes one or more journeys send: every
 * template is rendered (strictly) for a user of the journey that sends it, with the data the
 * Tasklane product sends (see docs/templates.md, "The example workspace").
 */
function tasklaneStory(definitions: LoadedDefinitions, renderer: LiquidRenderer): JourneyReplay {
  const r = new JourneyReplay(definitions, renderer);
  const email = (name: string) => `${name.toLowerCase()}@example.com`;
  const person = (at: number, id: string, traits: Record<string, string | number>) =>
    r.at(at, id, { identify: { email: email(id), ...traits } });

  // Dana: reporting use case, technical path, Acme's trial; P1 end to end, then high intent.
  r.at(0, 'dana', {
    group: 'acme',
    traits: { name: 'Acme', seats: 40, employees: 250, csm: 'sam' },
  });
  person(0, 'dana', {
    first_name: 'Dana',
    last_name: 'Reyes',
    role: 'technical',
    urgency: 'this_week',
    plan: 'trial',
  });
  r.at(0, 'dana', { track: 'Signed Up', properties: { use_case: 'reporting' }, account: 'acme' });
  r.at(1, 'dana', { track: 'Logged In', account: 'acme' });
  r.at(3, 'dana', {
    track: 'Data Source Connected',
    properties: { type: 'postgres', name: 'Production DB', tables: 12 },
    account: 'acme',
  });
  r.at(30, 'dana', {
    track: 'Report Created',
    properties: { name: 'Weekly revenue', source_type: 'postgres' },
    account: 'acme',
  });
  r.at(79, 'dana', { track: 'Logged In', account: 'acme' });
  r.at(80, 'dana', {
    track: 'Report Shared',
    properties: {
      recipient_type: 'teammate',
      report_name: 'Weekly revenue',
      recipient_name: 'Sam',
    },
    account: 'acme',
  });
  r.at(81, 'dana', {
    track: 'Teammate Invited',
    properties: { invitee_name: 'Sam Lee', invitee_email: 'sam@acme.example' },
    account: 'acme',
  });
  for (const [at, name] of [
    [82, 'Quarterly pipeline'],
    [83, 'Signups by plan'],
  ] as const)
    r.at(at, 'dana', { track: 'Report Created', properties: { name }, account: 'acme' });
  for (const at of [84, 96, 100]) r.at(at, 'dana', { page: 'Pricing' });

  // Nora: no use case, no qualifier, never logs in.
  person(0, 'nora', { first_name: 'Nora' });
  r.at(0, 'nora', { track: 'Signed Up' });

  // Tess: technical path, signs in and does nothing else.
  person(0, 'tess', { first_name: 'Tess', role: 'technical' });
  r.at(0, 'tess', { track: 'Signed Up' });
  r.at(1, 'tess', { track: 'Logged In' });

  // Bob: business path, looks at integrations, builds a workflow; Monday planning tips.
  r.at(0, 'bob', { group: 'globex', traits: { name: 'Globex', seats: 15 } });
  person(0, 'bob', {
    first_name: 'Bob',
    role: 'business_operations',
    challenge: 'team_coordination',
  });
  r.at(0, 'bob', { track: 'Signed Up', account: 'globex' });
  r.at(1, 'bob', { track: 'Logged In', account: 'globex' });
  r.at(2, 'bob', { page: 'Integrations' });
  r.at(50, 'bob', {
    track: 'Workflow Created',
    properties: { name: 'Client onboarding (draft)', uses_real_data: false },
    account: 'globex',
  });
  for (const at of [51, 52, 53])
    r.at(at, 'bob', { track: 'Task Created', properties: { project: 'Client onboarding' } });
  r.at(54, 'bob', { track: 'Task Completed', properties: { project: 'Client onboarding' } });

  // Eva: executive path at Initech; Ivan's work there turns the account hot.
  r.at(0, 'eva', { group: 'initech', traits: { name: 'Initech', seats: 25, employees: 300 } });
  person(0, 'eva', { first_name: 'Eva', role: 'executive' });
  r.at(0, 'eva', { track: 'Signed Up', account: 'initech' });
  r.at(1, 'ivan', { group: 'initech' });
  person(1, 'ivan', { first_name: 'Ivan', role: 'technical' });
  const ivan = (at: number, track: string, properties = {}) =>
    r.at(at, 'ivan', { track, properties, account: 'initech' });
  ivan(2, 'Data Source Connected', { type: 'mysql' });
  ivan(3, 'Report Created', { name: 'Tickets by team' });
  ivan(4, 'Report Created', { name: 'SLA breaches' });
  ivan(5, 'Report Shared', { recipient_type: 'teammate' });
  ivan(6, 'Automation Created', { name: 'Escalate late tickets' });
  ivan(7, 'Project Created', { name: 'Support revamp' });
  ivan(8, 'Teammate Invited');
  ivan(9, 'Integration Configured', { category: 'api', provider: 'Tasklane API' });

  // Ivy: an individual user's first project.
  person(0, 'ivy', { first_name: 'Ivy' });
  r.at(1, 'ivy', { track: 'Project Created', properties: { name: 'Website redesign' } });
  for (const at of [2, 3, 4]) r.at(at, 'ivy', { track: 'Task Created' });
  r.at(5, 'ivy', { track: 'Task Completed' });

  // Ada: administrator at Umbrella; Salesforce connected, no permissions a day later.
  r.at(0, 'ada', { group: 'umbrella', traits: { name: 'Umbrella Corp', seats: 60 } });
  person(0, 'ada', { first_name: 'Ada' });
  r.at(1, 'ada', {
    track: 'Integration Configured',
    properties: { category: 'crm', provider: 'Salesforce' },
    account: 'umbrella',
  });

  // Eli: an enthusiast; bulk actions on day one.
  person(0, 'eli', { first_name: 'Eli' });
  r.at(0, 'eli', { track: 'Signed Up' });
  r.at(0, 'eli', { track: 'Logged In' });
  r.at(2, 'eli', { track: 'Advanced Feature Used', properties: { feature: 'bulk_actions' } });

  // Eve: an evaluator at Hooli; pricing twice, nothing created.
  r.at(0, 'eve', { group: 'hooli', traits: { name: 'Hooli', seats: 12 } });
  person(0, 'eve', { first_name: 'Eve' });
  r.at(1, 'eve', { page: 'Pricing' });
  r.at(5, 'eve', { page: 'Pricing' });

  // Carl: confused; two support tickets.
  person(0, 'carl', { first_name: 'Carl' });
  r.at(0, 'carl', { track: 'Signed Up' });
  r.at(4, 'carl', {
    track: 'Support Ticket Opened',
    properties: { subject: 'Cannot connect MySQL' },
  });
  r.at(6, 'carl', { track: 'Support Ticket Opened', properties: { subject: 'MySQL SSL error' } });

  // Sol: a report on day 0, so the next morning asks to share it.
  person(0, 'sol', { first_name: 'Sol' });
  r.at(0, 'sol', { track: 'Signed Up', properties: { use_case: 'project_management' } });
  r.at(1, 'sol', { track: 'Logged In' });
  r.at(2, 'sol', { track: 'Data Source Connected', properties: { type: 'google_sheets' } });
  r.at(3, 'sol', { track: 'Report Created', properties: { name: 'Content calendar' } });

  // Pat: in Tasklane every day for five days, high score: advanced tips.
  person(0, 'pat', { first_name: 'Pat' });
  r.at(0, 'pat', { track: 'Signed Up' });
  const pat = (at: number, track: string, properties = {}) =>
    r.at(at, 'pat', { track, properties });
  pat(1, 'Data Source Connected', { type: 'hubspot' });
  pat(2, 'Report Created', { name: 'Pipeline by stage' });
  pat(3, 'Report Created', { name: 'Deals closing' });
  pat(25, 'Report Shared', { recipient_type: 'teammate' });
  pat(26, 'Report Created', { name: 'Win rate' });
  pat(49, 'Teammate Invited');
  pat(50, 'Automation Created');
  for (const at of [73, 97, 121]) {
    pat(at, 'Logged In');
    pat(at + 1, 'Report Created', { name: `Daily pipeline ${at}` });
  }
  // Six days in a row, then a hundred tasks: the Power user badge, celebrated.
  for (let i = 0; i < 100; i++) pat(122, 'Task Completed');

  // Eight quiet signups: ten days without a login, both re-engagement angles.
  for (let i = 1; i <= 8; i++) {
    person(0, `quiet${i}`, { first_name: `Quinn${i}` });
    r.at(0, `quiet${i}`, { track: 'Signed Up' });
  }

  // Past the last timers (day 10 re-engagement, Monday planning on Jan 12 at 09:00), and the
  // weekly reports of Monday 19 January: the quiet week's variant for the quiet signups.
  return r.until(24 * 15);
}

/**
 * Kim: a paying customer busy for a week, then quiet (P5, preventive success): three weeks, so
 * apart from the main story, whose timers end on day 11.
 */
function usageDroppingStory(
  definitions: LoadedDefinitions,
  renderer: LiquidRenderer,
): JourneyReplay {
  const r = new JourneyReplay(definitions, renderer);
  r.at(0, 'kim', { group: 'globex', traits: { name: 'Globex', mrr: 1200, seats: 25, csm: 'sam' } });
  r.at(0, 'kim', { identify: { email: 'kim@globex.example', first_name: 'Kim', plan: 'team' } });
  r.at(0, 'kim', { track: 'Signed Up', account: 'globex' });
  for (const day of [1, 2, 3, 4, 5, 6, 10])
    r.at(day * 24, 'kim', { track: 'Task Created', account: 'globex' });
  return r.until(24 * 21);
}

describe('example workspace templates', () => {
  let definitions: LoadedDefinitions;
  let renderer: LiquidRenderer;
  let story: JourneyReplay;
  let dropping: JourneyReplay;

  before(async () => {
    definitions = await loadDefinitions(CONFIG);
    const templates = await checkWorkspaceTemplates(CONFIG, definitions);
    assert.deepEqual(templates.issues.map(formatIssue), []);
    renderer = templates.renderer!;
    story = tasklaneStory(definitions, renderer);
    dropping = usageDroppingStory(definitions, renderer);
  });

  it('pass cairn validate: every journey template exists for its channel, every variable is known', async () => {
    const templates = await checkWorkspaceTemplates(CONFIG, definitions);
    assert.deepEqual(templates.issues, []);
    assert.ok(templates.templates >= 39);
  });

  it('render every template (and every persona variant) for a realistic user of its journey', async () => {
    const rendered = new Set(
      [...story.messages, ...dropping.messages].map((m) =>
        (m.email ?? m.inapp ?? m.text)!.file.replace(/^templates\//, ''),
      ),
    );
    // The draft journey never starts: its template is rendered for Dana by hand below.
    const draft = new Set(
      Object.entries(definitions.definitions.journeys)
        .filter(([, j]) => j.draft)
        .flatMap(([id]) =>
          referencedTemplates(definitions.definitions)
            .filter((ref) => ref.journey === id)
            .map((ref) => ref.template),
        ),
    );
    const { set } = await loadTemplates('examples/saas/templates');
    const files = set.templates.flatMap((f) =>
      [f.base, ...f.variants.values()].map((t) => t.source.file.replace(/^templates\//, '')),
    );
    // The account reports go to account admins, whom these stories do not have: rendered from
    // real data through the runtime by test/reports/example-reports.test.ts.
    const elsewhere = new Set(['team_month_report', 'quarter_roi_report']);
    const missing = files.filter(
      (f) => !rendered.has(f) && !draft.has(f.split('.')[0]) && !elsewhere.has(f.split('.')[0]!),
    );
    assert.deepEqual(missing, [], 'templates no story rendered');
    for (const ref of referencedTemplates(definitions.definitions)) {
      if (draft.has(ref.template) || elsewhere.has(ref.template)) continue;
      assert.ok(
        [...story.messages, ...dropping.messages].some(
          (m) =>
            m.template === ref.template &&
            CHANNEL_KIND[m.channel as 'email'] === CHANNEL_KIND[ref.channel],
        ),
        `${ref.journey}.${ref.step} (${ref.template}) was never rendered`,
      );
    }
  });

  it('P1: contextual emails name the data source, the report and the progress', () => {
    const dana = (template: string) => one(story, 'dana', template);
    assert.equal(
      dana('welcome_reporting').email!.subject,
      'Your Tasklane login: your first report is 3 steps away',
    );
    assert.match(dana('welcome_reporting').email!.text, /build reports for Acme/);
    assert.equal(dana('welcome_reporting').email!.category, 'transactional');

    const connected = dana('celebrate_source_connected');
    assert.equal(connected.email!.subject, 'PostgreSQL connected: your first report is next');
    assert.equal(connected.email!.preheader, '12 tables ready to report on');
    assert.match(
      connected.email!.text,
      /Production DB \(PostgreSQL\) is connected, with 12 tables/,
    );
    assert.match(
      connected.email!.text,
      /✓ Connect a data source\n○ Create a report from it\n○ Share it/,
    );

    assert.match(
      dana('next_step_first_report').email!.text,
      /first data source on Monday at 12:00 UTC/,
    );
    const fromData = dana('create_report_from_your_data');
    assert.equal(fromData.email!.subject, 'Three reports teams build first from PostgreSQL');
    assert.match(fromData.email!.text, /You connected Production DB \(PostgreSQL\) on Monday/);
    assert.match(fromData.email!.text, /Weekly signups by plan/);
    assert.match(fromData.email!.html, /source_type=postgres/);

    const report = dana('celebrate_first_report');
    assert.equal(report.email!.subject, '“Weekly revenue” is live: now show it to one teammate');
    const tips = dana('collaboration_tips');
    assert.equal(tips.email!.subject, '“Weekly revenue” has one reader so far: you');
    assert.equal(
      dana('collaboration_tip_inapp').inapp!.title,
      'Share “Weekly revenue” with one teammate',
    );

    const shared = dana('celebrate_report_shared');
    assert.equal(shared.email!.subject, 'All three steps done: Acme is set up');
    assert.match(shared.email!.text, /You shared Weekly revenue with Sam/);
    assert.match(
      shared.email!.text,
      /Connected a data source on Jan 5\n✓ Created a first report on Jan 6/,
    );

    assert.match(one(story, 'nora', 'trouble_getting_started').email!.text, /on Monday, January 5/);
    assert.match(
      one(story, 'sol', 'next_step_share_report').email!.text,
      /Yesterday you built your first report/,
    );
    const quiet = story.messages.filter(
      (m) => m.userId.startsWith('quiet') && m.journeyId === 're_engagement',
    );
    assert.deepEqual([...new Set(quiet.map((m) => m.template))].sort(), [
      'reengage_common_blockers',
      'reengage_two_minute_shortcut',
    ]);
    for (const m of quiet)
      assert.match(m.content, /since January 5|on January 5/, 'the last visit');
  });

  it('P2: persona journeys quote what the user did', () => {
    const project = one(story, 'ivy', 'project_breakdown_tips');
    assert.equal(
      project.email!.subject,
      'Your project “Website redesign”: how teams break it into tasks',
    );
    assert.match(
      project.email!.text,
      /I noticed you created the project “Website redesign”\. Here is how teams usually break projects like this into tasks/,
    );
    assert.match(project.email!.text, /1\. Audit/);
    assert.match(
      one(story, 'ivy', 'personal_productivity_tips').email!.subject,
      /^1 task done in “Website redesign”/,
    );

    const setup = one(story, 'ada', 'integration_setup_incomplete');
    assert.equal(
      setup.email!.subject,
      'Integration setup incomplete: here is what Umbrella Corp is missing',
    );
    assert.match(setup.email!.text, /✓ Salesforce connected \(CRM\)/);
    assert.match(setup.email!.text, /✗ No teammates invited/);

    assert.match(
      one(story, 'dana', 'team_adoption_proof').email!.subject,
      /^Sam Lee is invited: how to get Acme using Tasklane together/,
    );
    assert.match(
      one(story, 'eli', 'power_user_automation').email!.subject,
      /^You master bulk actions/,
    );
    const evaluator = one(story, 'eve', 'evaluator_comparison_guide');
    assert.match(evaluator.email!.text, /looked at our pricing 2 times/);
    assert.match(evaluator.email!.text, /For 12 seats at Hooli: Team plan at \$144\/month/);

    const dropped = one(dropping, 'kim', 'csm_usage_dropping_alert');
    assert.equal(dropped.text!.format, 'slack');
    assert.match(
      dropped.text!.text,
      /^Usage dropping: Kim \(Globex, MRR 1200, 25 seats\) on team was active on 2 days or fewer in the last two weeks, after 4 or more the two weeks before — owner: @sam\nLast seen /,
    );

    const alert = one(story, 'dana', 'csm_high_intent_alert');
    assert.equal(alert.text!.format, 'slack');
    assert.match(
      alert.text!.text,
      /^Dana Reyes \(Acme, 40 seats\) viewed pricing 3× in two weeks, score \d+, still on trial — owner: @sam\n/,
    );
  });

  it('P3: persona variants follow the qualifier path', () => {
    assert.equal(
      one(story, 'tess', 'welcome').email!.file,
      'templates/welcome.technical.mjml.liquid',
    );
    assert.equal(
      one(story, 'bob', 'welcome').email!.file,
      'templates/welcome.business.mjml.liquid',
    );
    assert.equal(
      one(story, 'eva', 'welcome').email!.file,
      'templates/welcome.executive.mjml.liquid',
    );
    assert.equal(one(story, 'nora', 'welcome').email!.file, 'templates/welcome.mjml.liquid');
    assert.equal(one(story, 'tess', 'welcome').email!.category, 'transactional', 'inherited');
    assert.equal(
      one(story, 'tess', 'next_step_connect_source').email!.file,
      'templates/next_step_connect_source.technical.mjml.liquid',
    );
    assert.match(
      one(story, 'dana', 'technical_api_docs').email!.text,
      /at Acme and that it has to work this week/,
    );
    assert.match(
      one(story, 'eva', 'executive_account_roi').email!.subject,
      /^Initech is adopting Tasklane/,
    );
  });

  it('P4: a level up is celebrated with the level reached and the way to the next', () => {
    const levelUps = story.messages.filter((m) => m.template === 'level_up');
    assert.ok(levelUps.length > 0, 'someone in the story reaches Builder');
    for (const message of levelUps) {
      assert.equal(message.email!.subject, 'You reached the Builder level!');
      const text = message.email!.text;
      const points = Number(/with (\d+) points/.exec(text)![1]);
      // Integrator: 600 points and the integration; Builder was 250. Points and each milestone
      // weigh alike in the share of the way.
      const integrated = !/Connect Slack or GitHub/.test(text);
      const parts = [(points - 250) / (600 - 250), integrated ? 1 : 0];
      const percent = Math.round((100 * (parts[0]! + parts[1]!)) / 2);
      assert.match(text, new RegExp(`Next: Integrator\\. ${600 - points} more points\\.`));
      assert.match(text, new RegExp(`${percent} % of the way to Integrator\\.`));
      assert.match(message.email!.html, new RegExp(`width:${percent}%`));
    }
  });

  it('render the draft trial-ending email for a user of the story', () => {
    const user = story.runtime.users.get('dana')!;
    const context = messageRenderContext({
      profile: user.profile,
      account: story.runtime.accounts.get('acme')!,
      definitions,
      now: story.runtime.now,
      trigger: {
        name: 'Trial Ending',
        properties: { days_left: 3, ends_at: '2026-01-19T09:00:00Z' },
      },
      journeyId: 'trial_ending',
      createdAt: story.runtime.now,
      links: links(user.profile.id),
      workspaceName: 'Tasklane',
    });
    const email = renderer.renderEmail('trial_ending_summary', context);
    assert.equal(email.subject, 'Your trial ends in 3 days: here is what Acme built');
    assert.match(email.text, /ends on Monday, January 19/);
    assert.match(email.text, /✓ built 3 reports/);
    // The footer carries the sender's postal address from cairn.yaml.
    assert.match(email.html, /Tasklane Inc\., 548 Market St, San Francisco, CA 94104/);
    assert.match(email.text, /Tasklane Inc\., 548 Market St/);
  });

  it('render for a user with nothing optional: no name, no account, no event properties', () => {
    const profile = newProfile('someone', DEFAULT_START);
    profile.traits = { email: 'someone@example.com' };
    const context = messageRenderContext({
      profile,
      account: null,
      definitions,
      now: DEFAULT_START,
      trigger: { name: 'Segment Entered', properties: {}, timestamp: DEFAULT_START },
      journeyId: null,
      createdAt: DEFAULT_START,
      links: links(profile.id),
      workspaceName: 'Tasklane',
    });
    // A usage report's email always has its report (report-for-message.ts); its own tests
    // render it (test/reports).
    const reports = new Set(
      Object.values(definitions.definitions.reports).flatMap((r) => [
        r.template,
        ...(r.inactive === 'skip' ? [] : [r.inactive.template]),
      ]),
    );
    for (const ref of referencedTemplates(definitions.definitions)) {
      if (reports.has(ref.template)) continue;
      const kind = CHANNEL_KIND[ref.channel];
      const render = () =>
        kind === 'email'
          ? renderer.renderEmail(ref.template, context).subject
          : kind === 'inapp'
            ? renderer.renderInApp(ref.template, context).title
            : renderer.renderText(ref.template, context).text;
      assert.doesNotThrow(render, ref.template);
      assert.doesNotMatch(render(), /undefined|\[object|\{\{/, ref.template);
    }
  });
});

function one(story: JourneyReplay, user: string, template: string): JourneyMessage {
  const found = story.messages.filter((m) => m.userId === user && m.template === template);
  assert.ok(found.length > 0, `${user} got no ${template}`);
  return found[0];
}

function links(userId: string) {
  return buildLinks(
    {
      baseUrl: 'https://cairn.test',
      workspaceSecret: 'test-secret-for-links-0123',
      unsubscribeMailbox: 'u@mail.test',
    },
    { userId, messageKey: 'k', topic: null },
  );
}
