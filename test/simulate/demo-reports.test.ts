import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageRecord } from '../../src/store/store.js';
import { readAll } from '../../src/simulate/read-all.js';
import { openTestStore, selectedDialects, type TestStore } from '../support/test-stores.js';
import { exampleSimulation, runSimulation } from './sim-fixtures.js';

// From START (a Monday), 16 days: the weeks of 2 and 9 March are complete and reported on
// the following Mondays, 09:00 where each recipient is.
const RUN = { users: 40, days: 16, seed: 'reports', email: 'memory' as const };
const REPORTS = { report_weekly_user: 'user', report_weekly_account: 'account' } as const;

interface Trigger {
  name: string;
  properties: { report: string; unit: string; owner: string; period: string };
}

for (const dialect of selectedDialects()) {
  describe(`a simulated demo database has usage reports (${dialect})`, () => {
    let db: TestStore;
    const messages = new Map<string, MessageRecord[]>();
    before(async () => {
      db = await openTestStore(dialect);
      await runSimulation(db.store, await exampleSimulation(), RUN);
      for (const journeyId of Object.keys(REPORTS))
        messages.set(
          journeyId,
          await readAll((page) => db.store.listMessages({ journeyId }, page)),
        );
    });
    after(async () => {
      await db?.cleanup();
    });

    const trigger = (m: MessageRecord) => (m.payload as unknown as { trigger: Trigger }).trigger;

    it('user and account reports, for both complete weeks, never two per recipient per period', async () => {
      for (const [journeyId, unit] of Object.entries(REPORTS)) {
        const list = messages.get(journeyId)!;
        const perPeriod = new Map<string, Set<string>>();
        for (const m of list) {
          const t = trigger(m);
          assert.equal(t.name, 'Journey Scheduled');
          assert.equal(t.properties.unit, unit);
          assert.equal(m.template === 'usage_report' || m.template === 'usage_reengage', true);
          const recipients = perPeriod.get(t.properties.period) ?? new Set<string>();
          const key = `${m.profileId}/${t.properties.owner}`;
          assert.ok(!recipients.has(key), `${journeyId}: two for ${key} in ${t.properties.period}`);
          recipients.add(key);
          perPeriod.set(t.properties.period, recipients);
        }
        // No report on the week before the simulation, though people who sign up on the first
        // Monday before 09:00 are there when its moment comes: that week ended before they
        // were first seen, so they get nothing for it (not the quiet-week variant).
        assert.deepEqual([...perPeriod.keys()].sort(), ['2026-03-02', '2026-03-09'], journeyId);
        for (const [period, recipients] of perPeriod)
          assert.ok(recipients.size >= 3, `${journeyId} ${period}: ${recipients.size} reports`);
        // Some are delivered (the rest held out or capped, as any marketing email).
        assert.ok(
          list.some((m) => m.state === 'sent'),
          `${journeyId}: none sent`,
        );
      }
    });

    it('a user report goes to its owner; an account report to an owner or admin of the account', async () => {
      for (const m of messages.get('report_weekly_user')!) {
        assert.equal(m.profileId, trigger(m).properties.owner);
      }
      const owners = new Set<string>();
      for (const m of messages.get('report_weekly_account')!) {
        const { owner, period } = trigger(m).properties;
        const profile = await db.store.getProfile(m.profileId);
        assert.ok(profile, m.profileId);
        assert.ok(profile.accounts.includes(owner), `${m.profileId} is not in ${owner}`);
        assert.ok(['owner', 'admin'].includes(String(profile.traits.account_role)));
        // One recipient role per simulated account (its first user): one report per account.
        assert.ok(!owners.has(`${owner}/${period}`), `${owner} twice in ${period}`);
        owners.add(`${owner}/${period}`);
      }
    });
  });
}
