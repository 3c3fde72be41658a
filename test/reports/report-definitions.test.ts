import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionsJsonSchema, parseDefinitions } from '../../src/definitions/index.js';
import { definitionErrors } from '../support/definition-errors.js';

const BASE = `
metrics:
  tasks: { event: Task Completed }
topics:
  usage: { name: Usage reports }
segments:
  customers: { when: { trait: plan, equals: team } }
`;

describe('reports: in cairn.yaml', () => {
  it('runs each report as a scheduled journey with its audience, holdout, goal and branches', () => {
    const { definitions } = parseDefinitions(`${BASE}
reports:
  team:
    unit: account
    schedule: '0 9 * * mon'
    audience: { segment: customers }
    template: team_report
    topic: usage
    holdout: 0.2
    goal: { event: Logged In, within: 7d }
`);
    const journey = definitions.journeys.report_team!;
    assert.deepEqual(journey.trigger, { schedule: '0 9 * * mon' });
    assert.deepEqual(journey.audience, {
      all: [{ segment: 'customers' }, { trait: 'role', in: ['admin', 'owner'] }],
    });
    assert.equal(journey.holdout, 0.2);
    assert.deepEqual(journey.goal, { event: 'Logged In', within: 7 * 86_400_000 });
    assert.deepEqual(journey.entry, { kind: 'every_time' });
    assert.equal(journey.priority, 'low');
    const [branch] = journey.steps;
    assert.ok(branch && 'branch' in branch);
    assert.deepEqual(branch.branch[0]!.steps, [
      {
        id: 'send_report',
        send: { channel: 'email', template: 'team_report', topic: 'usage', transactional: false },
      },
    ]);
    assert.deepEqual(branch.branch[1]!.steps, [{ id: 'no_activity', exit: 'no_activity' }]);
  });

  it('names the file, line and field of each mistake', () => {
    const errors = definitionErrors(`${BASE}
journeys:
  report_weekly:
    trigger: { event: Signed Up }
    steps: [{ id: hi, send: hello }]
reports:
  weekly:
    schedule: '0 25 * * mon'
    template: weekly
  monthly:
    schedule: '0 9 1 * *'
    period: fortnight
    template: monthly
    holdout: 2
  team:
    unit: account
    schedule: '0 9 * * mon'
    template: team
    topic: usage_reports
    audience: { segment: customer }
    active_when: [taks]
    leaderboard: { metric: tasks }
  mine:
    schedule: '0 9 * * mon'
    template: mine
    recipients: { role: admin }
`);
    const has = (pattern: RegExp) =>
      assert.ok(
        errors.some((e) => pattern.test(e)),
        `${pattern} in\n${errors.join('\n')}`,
      );
    has(/cairn\.yaml:\d+:\d+ reports\.weekly\.schedule: .*hour/);
    has(/reports\.monthly\.period: expected week, month or quarter/);
    has(/reports\.monthly\.holdout: expected a share between 0 and 1/);
    assert.equal(errors.length, 3, errors.join('\n'));

    const references = definitionErrors(`${BASE}
journeys:
  report_weekly:
    trigger: { event: Signed Up }
    steps: [{ id: hi, send: hello }]
reports:
  weekly:
    schedule: '0 9 * * mon'
    template: weekly
  team:
    unit: account
    schedule: '0 9 * * mon'
    template: team
    active_when: [taks]
    leaderboard: { metric: tasks }
  mine:
    schedule: '0 9 * * mon'
    template: mine
    recipients: { role: admin }
`);
    const at = (pattern: RegExp) =>
      assert.ok(
        references.some((e) => pattern.test(e)),
        `${pattern} in\n${references.join('\n')}`,
      );
    at(/cairn\.yaml:\d+:\d+ reports\.weekly: a report runs as the journey "report_weekly"/);
    at(/reports\.team\.active_when\[0\]: unknown metric "taks"/);
    at(/reports\.team\.leaderboard: a leaderboard ranks peers/);
    at(/reports\.mine\.recipients: recipients are for account reports/);

    // Issues found in the report's journey are named on the report's own lines.
    const journeyIssues = definitionErrors(`${BASE}
reports:
  team:
    unit: account
    schedule: '0 9 * * mon'
    template: team
    topic: usage_reports
    audience: { segment: customer }
`);
    const line = (field: string) => journeyIssues.find((e) => e.includes(field));
    assert.match(
      line('reports.team.topic') ?? '',
      /cairn\.yaml:\d+:\d+ reports\.team\.topic: .*usage/,
    );
    assert.match(line('reports.team.audience') ?? '', /segment.*customer/);
  });

  it('is in the JSON Schema for editors', () => {
    const schema = definitionsJsonSchema() as {
      properties: Record<string, { additionalProperties?: { properties?: object } }>;
    };
    const report = schema.properties.reports!.additionalProperties!.properties as Record<
      string,
      unknown
    >;
    for (const key of [
      'schedule',
      'period',
      'unit',
      'recipients',
      'audience',
      'template',
      'inactive',
      'holdout',
      'goal',
      'leaderboard',
    ])
      assert.ok(key in report, key);
  });
});
