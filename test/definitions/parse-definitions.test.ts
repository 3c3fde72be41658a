import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinitions, parseDuration, formatDuration } from '../../src/definitions/index.js';

describe('durations', () => {
  it('parse human strings to milliseconds', () => {
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration('48h'), 48 * 3_600_000);
    assert.equal(parseDuration('7d'), 7 * 86_400_000);
    assert.equal(parseDuration('2w'), 14 * 86_400_000);
    assert.equal(parseDuration('1d12h'), 36 * 3_600_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('7 days'), null);
    assert.equal(parseDuration('d'), null);
    assert.equal(formatDuration(14 * 86_400_000), '2w');
    assert.equal(formatDuration(36 * 3_600_000), '36h');
  });
});

describe('parseDefinitions', () => {
  it('normalises what it reads: durations, single names, property filters, defaults', () => {
    const { definitions } = parseDefinitions(`
milestones:
  shared: { event: Report Created, where: { shared: true, rows: { gte: 10 } } }
activation:
  milestones: [shared]
  within: 7d
qualifier:
  questions:
    role: { answers: [a, b] }
segments:
  s:
    when: { performed: Logged In, within: 48h }
`);
    assert.deepEqual(definitions.milestones.shared?.where, {
      shared: { equals: true },
      rows: { gte: 10 },
    });
    assert.equal(definitions.activation?.within, 7 * 86_400_000);
    assert.equal(definitions.activation?.signup, 'first_seen');
    assert.equal(definitions.qualifier?.event, 'Qualifier Answered');
    assert.deepEqual(definitions.segments.s?.when, {
      performed: ['Logged In'],
      within: 48 * 3_600_000,
    });
    assert.deepEqual(definitions.personas, {});
  });

  it('accepts an empty file', () => {
    const { definitions } = parseDefinitions('# nothing yet\n');
    assert.deepEqual(definitions, {
      milestones: {},
      personas: {},
      segments: {},
      journeys: {},
      delivery: { default_time_zone: 'UTC', caps: {}, max_event_age: 86_400_000 },
      topics: {},
      checklist: {},
      metrics: {},
      points: [],
      levels: {},
      tiers: {},
      badges: {},
      streaks: {},
      records: {},
      recommendations: {},
      reports: {},
    });
  });

  it('versions the content, not the formatting', () => {
    const a = parseDefinitions('milestones:\n  a: { event: A }\n');
    const b = parseDefinitions('# a comment\nmilestones:\n  a:\n    event: A\n');
    const c = parseDefinitions('milestones:\n  a: { event: B }\n');
    assert.match(a.version, /^[0-9a-f]{16}$/);
    assert.equal(a.version, b.version);
    assert.notEqual(a.version, c.version);
  });

  it('keeps the file name it was given for errors', () => {
    assert.throws(
      () => parseDefinitions('milestones: 3\n', 'examples/x/cairn.yaml'),
      /^DefinitionsError: examples\/x\/cairn\.yaml:1:13 milestones:/,
    );
  });
});

describe('YAML conveniences', () => {
  it('resolves anchors, aliases and merge keys', () => {
    const { definitions } = parseDefinitions(`
milestones:
  created: &base { event: Report Created, description: shared text }
  shared: { <<: *base, where: { shared: true } }
segments:
  makers:
    when: { performed: &making [Report Created, Project Created] }
  early_makers:
    when: { first_performed: *making, within_signup: 2d }
`);
    assert.deepEqual(definitions.milestones.shared, {
      event: 'Report Created',
      description: 'shared text',
      where: { shared: { equals: true } },
    });
    assert.deepEqual(definitions.segments.early_makers?.when, {
      first_performed: ['Report Created', 'Project Created'],
      within_signup: 2 * 86_400_000,
    });
  });
});
