import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Account, Profile } from '../../src/core/types.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { emptyGameState, type GameState } from '../../src/engine/gamification/game-state.js';
import { newAccount, newProfile } from '../../src/engine/profile/new-profile.js';
import { emptyUserState } from '../../src/engine/state/user-state.js';
import { accountSubject, userSubject } from '../../src/gamification/load-subjects.js';
import { periodComparisons } from '../../src/reports/report-source.js';
import { presentProgress } from '../../src/inapp/present-progress.js';
import { gameVariables } from '../../src/templates/game-variables.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import { loadTemplates } from '../../src/templates/load-templates.js';
import { NOW, random, reportMessage, reportPeriods, weekMetric } from './report-population.js';

/**
 * The example's report emails rendered the fast way (the direct path, render-steps.ts) and the
 * straightforward way (liquidjs renders every part) must be the same bytes: subject, preheader,
 * HTML and text, over many varied owners — every engagement stage and none, user and account
 * reports, the quiet-week variant, levels, tiers, badges, milestones, leaderboards, a missing
 * first name, names that need escaping.
 */
const EXAMPLE = 'examples/saas';

describe('report emails: the direct path renders the same bytes as liquidjs', () => {
  it('for 600 varied owners of the user and account reports', async () => {
    const loaded = parseDefinitions(readFileSync(join(EXAMPLE, 'cairn.yaml'), 'utf8'));
    const definitions = loaded.definitions;
    const { set } = await loadTemplates(join(EXAMPLE, 'templates'));
    const fast = await LiquidRenderer.create(set);
    const plain = await LiquidRenderer.create(set, { directPath: false });
    const next = random(7);
    const periods = reportPeriods();
    const week = periods.week;
    const buckets = ['1-10', '11-50', '51-200'];
    const stages = ['implement', 'reinforce', 'optimize', 'expand', null];
    const names = ['Ada', 'Bo & Cy', 'Zoë', '<b>Eve</b>', "O'Neil", null];

    const game = (): GameState => {
      const g = emptyGameState(loaded.version);
      const active = next() < 0.75;
      for (const [metric, max] of [
        ['tasks_completed', 80],
        ['reports_created', 12],
        ['automations_run', 300],
        ['bulk_edits', 20],
        ['active_days', 8],
      ] as const) {
        const value = active ? Math.floor(next() ** 2 * max) : 0;
        g.metrics[metric] = weekMetric(periods, value, Math.floor(next() * max), 9);
      }
      g.points = Math.floor(next() * 1200);
      g.levels.adoption = { index: g.points >= 600 ? 2 : g.points >= 250 ? 1 : 0, at: NOW };
      if (next() < 0.3) g.badges.power_user = { at: NOW - 86_400_000, backdated: false };
      if (next() < 0.3) g.badges.champion = { at: NOW - 86_400_000, backdated: false };
      if (next() < 0.5) {
        const current = Math.floor(next() * 9);
        g.streaks.daily_active = {
          current,
          longest: 9,
          last: null,
          started: null,
          freezes: 0,
          used: 0,
          risk: null,
          lost: 0,
        } as never;
      }
      return g;
    };

    const accounts: Account[] = Array.from({ length: 30 }, (_, i) => {
      const account = newAccount(`acct${i}`, NOW - 90 * 86_400_000);
      account.traits = {
        name: i % 7 === 0 ? `Smith & Sons ${i}` : `Company ${i}`,
        employee_bucket: buckets[i % buckets.length]!,
        plan: i % 2 ? 'team' : 'business',
      };
      account.state = { v: 1, score: { value: 0, at: 0 }, game: game() } as never;
      return account;
    });
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const profiles: Profile[] = Array.from({ length: 600 }, (_, i) => {
      const profile = newProfile(`user${i}`, NOW - 90 * 86_400_000);
      profile.accounts = [accounts[i % accounts.length]!.id];
      const name = names[i % names.length];
      profile.traits = {
        email: `user${i}@example.com`,
        account_role: 'admin',
        ...(name === null ? {} : { first_name: name }),
      };
      const state = emptyUserState();
      state.game = game();
      for (const m of ['data_source_connected', 'first_report_created', 'report_shared'])
        if (next() < 0.5) state.milestones[m] = { at: NOW - 30 * 86_400_000 } as never;
      const stage = stages[i % stages.length];
      if (stage) state.engagement = { stage, since: NOW, rule: null } as never;
      profile.state = state as never;
      return profile;
    });

    const users = profiles.map((p) => userSubject(p, byId)!);
    const compared = {
      user: periodComparisons(definitions, 'user', 'week', week, users),
      account: periodComparisons(
        definitions,
        'account',
        'week',
        week,
        accounts.map(accountSubject),
      ),
    };
    const seen = new Set<string>();
    let compared_ = 0;
    for (const profile of profiles) {
      const account = byId.get(profile.accounts[0]!)!;
      for (const reportId of ['weekly_user', 'weekly_account']) {
        const unit = definitions.reports[reportId]!.unit;
        const { content, template, context } = reportMessage({
          definitions: loaded,
          reportId,
          recipient: profile,
          account,
          period: week,
          compared: compared[unit],
          links: {
            unsubscribe: `https://cairn.example.com/l/u/${profile.id}`,
            unsubscribe_mailto: 'mailto:unsubscribe@mail.example.com',
            preferences: `https://cairn.example.com/l/p/${profile.id}`,
            view_in_browser: `https://cairn.example.com/l/v/${profile.id}`,
          },
        });
        if (template === null || context === null) continue;
        // The `game` variables take the report's own progress: the same as both sides computed
        // afresh for the recipient and their account.
        const fresh = presentProgress(definitions, profile, account, NOW);
        assert.deepEqual(context.game, gameVariables(fresh.user, fresh.account));
        const a = fast.renderEmail(template, context);
        const b = plain.renderEmail(template, context);
        assert.deepEqual(a, b, `${reportId} for ${profile.id}`);
        seen.add(`${template}/${unit}/${content.stage}/${content.leaderboard !== null}`);
        compared_++;
      }
    }
    assert.ok(compared_ > 900, `${compared_} emails compared`);
    // Every stage's section, both units, the quiet-week variant and a leaderboard were rendered.
    for (const stage of ['implement', 'reinforce', 'optimize', 'expand'])
      for (const unit of ['user', 'account'])
        assert.ok(
          [...seen].some((s) => s.startsWith(`usage_report/${unit}/${stage}/`)),
          `${unit} ${stage}: ${[...seen].join(', ')}`,
        );
    assert.ok(
      [...seen].some((s) => s.startsWith('usage_reengage/')),
      'the quiet-week variant',
    );
    assert.ok(
      [...seen].some((s) => s.endsWith('/true')),
      'a leaderboard',
    );
  });
});
