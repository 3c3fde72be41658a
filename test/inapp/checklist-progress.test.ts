import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { checklistProgress } from '../../src/inapp/checklist-progress.js';
import { HOUR, START, UserSimulator } from '../engine/user-simulator.js';

let defs: LoadedDefinitions;
before(async () => {
  defs = await loadDefinitions('examples/saas/cairn.yaml');
});

const summary = (user: UserSimulator | null) => {
  const checklist = checklistProgress(defs.definitions, user?.profile ?? null);
  return {
    persona: checklist.persona,
    items: checklist.items.map((item) => `${item.done ? '✓' : '·'} ${item.milestone}`),
    percent: checklist.progress.percent,
  };
};

describe('the example workspace’s checklist', () => {
  it('gives a new user the P1 activation milestones, and ticks them as they are reached', () => {
    assert.deepEqual(summary(null), {
      persona: null,
      items: ['· data_source_connected', '· first_report_created', '· report_shared'],
      percent: 0,
    });
    const user = new UserSimulator(defs);
    user.track('Signed Up');
    user.track('Data Source Connected', { type: 'postgres' });
    user.clock.advance(HOUR);
    user.track('Report Created');
    const checklist = checklistProgress(defs.definitions, user.profile);
    assert.deepEqual(checklist.progress, { done: 2, total: 3, percent: 66 });
    assert.equal(checklist.items[1]!.doneAt, START + HOUR);
    assert.equal(checklist.items[2]!.link, '/reports?share=latest');
  });

  it('follows the onboarding path the qualifier chose before the behavior persona', () => {
    const user = new UserSimulator(defs);
    user.identify({ role: 'technical' });
    user.track('Teammate Invited');
    assert.equal(user.state.personas.behavior?.persona, 'team_lead');
    assert.deepEqual(summary(user), {
      persona: 'technical',
      items: ['· first_integration', '· data_source_connected', '· first_report_created'],
      percent: 0,
    });
    user.track('Integration Configured', { category: 'api' });
    assert.equal(summary(user).percent, 33);

    const business = new UserSimulator(defs, 'user-2');
    business.identify({ role: 'business_operations' });
    business.track('Teammate Invited');
    assert.deepEqual(summary(business), {
      persona: 'business',
      items: ['· first_workflow', '✓ teammate_invited', '· report_shared'],
      percent: 33,
    });
  });
});
