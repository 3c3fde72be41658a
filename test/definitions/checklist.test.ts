import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickChecklist } from '../../src/definitions/checklist.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { definitionErrors as errors } from '../support/definition-errors.js';

const BASE = `
milestones:
  source: { event: Data Source Connected }
  report: { event: Report Created }
  api: { event: Integration Configured }
personas:
  path:
    rules:
      - { persona: technical, when: { milestone: api } }
      - { persona: business, when: { milestone: report } }
  behavior:
    rules:
      - { persona: team_lead, when: { performed: Teammate Invited } }
`;

describe('the checklist section', () => {
  it('reads lists per persona or default, in order, with labels and links', () => {
    const { definitions } = parseDefinitions(`${BASE}
checklist:
  default:
    - { milestone: source, label: ' Connect a data source ', link: /sources/new }
    - { milestone: report, label: Create a report, description: Any chart will do }
  team_lead:
    - { milestone: report, label: Share a report, link: 'https://docs.example.com/share' }
`);
    assert.deepEqual(definitions.checklist, {
      default: [
        { milestone: 'source', label: 'Connect a data source', link: '/sources/new' },
        { milestone: 'report', label: 'Create a report', description: 'Any chart will do' },
      ],
      team_lead: [
        { milestone: 'report', label: 'Share a report', link: 'https://docs.example.com/share' },
      ],
    });
    assert.deepEqual(parseDefinitions('name: x').definitions.checklist, {});
  });

  it('picks the first persona with a list, in dimension order, else default, else none', () => {
    const { definitions } = parseDefinitions(`${BASE}
checklist:
  default: [{ milestone: source, label: A }]
  business: [{ milestone: report, label: B }]
  team_lead: [{ milestone: api, label: C }]
`);
    const list = definitions.checklist;
    const pick = (personas: Record<string, string | null>) => {
      const picked = pickChecklist(list, personas);
      return picked && [picked.persona, picked.items.map((i) => i.label).join()];
    };
    assert.deepEqual(pick({ path: 'business', behavior: 'team_lead' }), ['business', 'B']);
    assert.deepEqual(pick({ path: 'technical', behavior: 'team_lead' }), ['team_lead', 'C']);
    assert.deepEqual(pick({ path: null, behavior: null }), [null, 'A']);
    assert.deepEqual(pick({}), [null, 'A']);
    assert.equal(pickChecklist({ business: list.business! }, { path: 'technical' }), null);
  });

  it('names each bad item: unknown persona or milestone, duplicate, unsafe link, no label', () => {
    assert.deepEqual(
      errors(`${BASE}
checklist:
  technicall:
    - { milestone: source, label: A }
  default:
    - { milestone: reports, label: B }
    - { milestone: source, label: C, link: 'javascript:alert(1)' }
    - { milestone: source, label: '  ' }
  business: []
`),
      [
        'cairn.yaml:20:44 checklist.default[1].link: expected a link: https://… or a path like /sources/new',
        'cairn.yaml:21:20 checklist.default[2].milestone: milestone "source" is already an item of this list',
        'cairn.yaml:21:35 checklist.default[2].label: expected a label (what the user sees)',
        'cairn.yaml:22:13 checklist.business: expected at least one item',
      ],
    );
    assert.deepEqual(
      errors(`${BASE}
checklist:
  technicall:
    - { milestone: source, label: A }
  default:
    - { milestone: reports, label: B }
`),
      [
        'cairn.yaml:17:5 checklist.technicall: unknown persona "technicall"; did you mean "technical"? (or use "default")',
        'cairn.yaml:19:20 checklist.default[0].milestone: unknown milestone "reports"; did you mean "report"?',
      ],
    );
  });
});
