import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account, Profile } from '../../src/core/types.js';
import { accountProgress, userProgress } from '../../src/inapp/present-progress.js';
import { messageRenderContext } from '../../src/runtime/delivery/message-render-context.js';
import { gameVariables } from '../../src/templates/game-variables.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { DAY, UserSimulator, definitions } from '../engine/user-simulator.js';
import { removeTemplates, writeTemplates } from './template-fixtures.js';

const defs = definitions(`
milestones:
  project_created: { event: Project Created }
  crm_connected: { event: CRM Connected }
metrics:
  tasks: { event: Task Completed }
points:
  - { event: Task Completed, points: 10 }
levels:
  adoption:
    steps:
      - { name: Explorer }
      - { name: Builder, points: 50, milestones: [project_created] }
      - { name: Integrator, points: 100, milestones: [crm_connected] }
streaks:
  daily: { period: day, when: { tasks: 1 } }
badges:
  builder:
    name: Builder badge
    requires: { level: { adoption: Builder } }
`);

describe('game variables in templates', () => {
  let dir: string;
  let renderer: LiquidRenderer;
  before(async () => {
    dir = await writeTemplates({
      'level_up.mjml.liquid': `---
subject: You reached the {{ game.levels.adoption.name }} level!
---
<p>{{ game.streaks.daily.current }} days in a row. {% if game.badges.builder %}{{ game.badges.builder.name }}.{% endif %}
{% assign next = game.levels.adoption.next %}Complete {{ next.milestones_missing | join: ", " }} and earn {{ next.points_missing }} more points to reach {{ next.name }} ({{ next.percent }} %).</p>`,
    });
    renderer = await LiquidRenderer.fromDirectory(dir);
  });
  after(() => removeTemplates(dir));

  it('quotes the level, the streak, a badge and the way to the next level from the engine state', () => {
    const user = new UserSimulator(defs);
    user.track('Project Created');
    for (let day = 0; day < 3; day++) {
      user.track('Task Completed');
      user.track('Task Completed');
      user.advance(DAY);
    }
    user.track('Task Completed');
    const context = messageRenderContext({
      profile: user.profile,
      account: null,
      definitions: defs,
      now: user.clock.now(),
      trigger: null,
      journeyId: null,
      createdAt: user.clock.now(),
      links: { unsubscribe: 'u', unsubscribe_mailto: 'm', preferences: 'p', view_in_browser: 'v' },
      workspaceName: 'Tasklane',
    });
    const email = renderer.renderEmail('level_up', context);
    assert.equal(email.subject, 'You reached the Builder level!');
    // 70 points: 30 more to 100 (of 50 → 100 = 40 %) and the CRM milestone (0 of 1): 20 %.
    assert.match(
      email.text,
      /4 days in a row\. Builder badge\.\s+Complete crm_connected and earn 30 more points to reach Integrator \(20 %\)\./,
    );
  });

  it("gives each member of an account its account's progress, made again once the account's state changes", () => {
    const team = definitions(`
metrics:
  tasks: { event: Task Completed }
points:
  - { event: Task Completed, points: 10 }
levels:
  team:
    for: account
    steps:
      - { name: Starter }
      - { name: Growing, points: 40 }
`);
    const ann = new UserSimulator(team);
    ann.identify({ email: 'ann@example.com' });
    ann.group('acme');
    ann.track('Task Completed');
    ann.track('Task Completed');
    const account = ann.accounts.get('acme')!;
    const now = ann.clock.now();
    const bob: Profile = { ...ann.profile, id: 'bob', userId: 'bob' };
    const game = (profile: Profile, at: number) =>
      messageRenderContext({
        profile,
        account,
        definitions: team,
        now: at,
        trigger: null,
        journeyId: null,
        createdAt: at,
        links: {
          unsubscribe: 'u',
          unsubscribe_mailto: 'm',
          preferences: 'p',
          view_in_browser: 'v',
        },
        workspaceName: 'Tasklane',
      }).game as Record<string, unknown>;
    const expected = (profile: Profile, at: number, of: Account) =>
      gameVariables(
        userProgress(team.definitions, profile, at),
        accountProgress(team.definitions, of, at),
      );
    const first = game(ann.profile, now);
    assert.deepEqual(first, expected(ann.profile, now, account));
    assert.deepEqual(game(bob, now), expected(bob, now, account));
    const points = (first.account as { points: number }).points;
    assert.ok(points > 0);

    ann.track('Task Completed');
    const later = game(ann.profile, now);
    assert.deepEqual(later, expected(ann.profile, now, account));
    assert.equal((later.account as { points: number }).points, points + 10);
  });
});
