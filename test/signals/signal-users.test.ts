import assert from 'node:assert/strict';
import { memberPages } from '../support/member-pages.js';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { testApp, type TestApp } from '../support/test-app.js';
import {
  auditGroupsByRetention,
  didWithin,
  eligible,
  holdsAttribute,
  refUsers,
  type RefUser,
  MEANINGFUL,
  PAID,
} from './reference.js';
import { END, rawRows, simulatedPopulation, type Population } from './simulated-population.js';

/**
 * The users behind the Signals page's numbers (GET /api/analytics/signal/users and
 * /api/analytics/audit/users) on a `cairn simulate` population, on every selected store: each
 * list, read page by page, equals the independent reference's (reference.ts) over the raw stored
 * rows, and its size is the number the analysis shows.
 */
const N = 14;

interface Row {
  key: string;
  kind: string;
  attribute: string;
  value: unknown;
  top: { count: number };
  bottom: { count: number };
}

describe('the users behind the signals numbers', () => {
  let population: Population;
  before(async () => {
    population = await simulatedPopulation();
  });
  after(() => population?.cleanup());

  /** Every page of a member list (a small page size, to cross page boundaries). */
  const allPages = async (t: TestApp, url: string) => (await memberPages(t, url, 7)).ids;
  const app = (dialect: string) => {
    const { handle } = population.stores.find((s) => s.dialect === dialect)!;
    return testApp(handle.store, {
      definitions: population.definitions,
      clock: new FakeClock(END),
    });
  };
  const referenceUsers = async (dialect: string) => {
    const { handle } = population.stores.find((s) => s.dialect === dialect)!;
    const rows = await rawRows(handle.store);
    return {
      ...rows,
      users: refUsers(rows.events, rows.profiles, PAID).filter((u) => eligible(u, N, END)),
    };
  };

  it('each group of the 48-hour split lists the users the reference puts there, as many as the analysis shows', async () => {
    for (const { dialect } of population.stores) {
      const t = await app(dialect);
      const { users } = await referenceUsers(dialect);
      const signal = await t.app.inject({
        method: 'GET',
        url: `/api/analytics/signal?days=${N}`,
        headers: t.admin,
      });
      const groups = (signal.json() as { result: { groups: { key: string; users: number }[] } })
        .result.groups;
      for (const key of ['matched', 'not_matched']) {
        const listed = await allPages(t, `/api/analytics/signal/users?days=${N}&group=${key}`);
        const expected = users
          .filter((u) => didWithin(u, MEANINGFUL, 48) === (key === 'matched'))
          .map((u) => u.id)
          .sort();
        assert.deepEqual(listed, expected, `${dialect} ${key}`);
        assert.equal(listed.length, groups.find((g) => g.key === key)!.users);
      }
      await t.app.close();
    }
  });

  it("an audit row's top and bottom counts list the users the reference ranks there holding the attribute", async () => {
    for (const { dialect } of population.stores) {
      const t = await app(dialect);
      const { users, accounts } = await referenceUsers(dialect);
      const audit = await t.app.inject({
        method: 'GET',
        url: `/api/analytics/audit?days=${N}&limit=500`,
        headers: t.admin,
      });
      const rows = (audit.json() as { result: { rows: Row[] } }).result.rows;
      // The reference's groups: ranked by retention, ties in FNV-1a order of ids.
      const groups = auditGroupsByRetention(users, N, 0.2);
      const accountOf = new Map(accounts.map((a) => [a.id, a]));
      const holds = (u: RefUser, row: Row) => holdsAttribute(u, row, accountOf);
      // One row of each kind present, and the planted answer.
      const chosen = new Map<string, Row>();
      for (const row of rows) if (!chosen.has(row.kind)) chosen.set(row.kind, row);
      const urgency = rows.find((r) => r.key === 'answer.urgency=evaluating_options');
      assert.ok(urgency, 'the planted answer is a row');
      chosen.set('urgency', urgency);
      assert.ok(chosen.size >= 3, [...chosen.keys()].join());
      for (const row of chosen.values()) {
        for (const side of ['top', 'bottom'] as const) {
          const listed = await allPages(
            t,
            `/api/analytics/audit/users?days=${N}&row=${encodeURIComponent(row.key)}&side=${side}`,
          );
          const expected = groups[side]
            .filter((u) => holds(u, row))
            .map((u) => u.id)
            .sort();
          assert.deepEqual(listed, expected, `${dialect} ${row.key} ${side}`);
          assert.equal(listed.length, row[side].count, `${dialect} ${row.key} ${side} count`);
        }
      }
      await t.app.close();
    }
  });

  it('refuses what it cannot list with a 400 naming the field', async () => {
    const t = await app(population.stores[0]!.dialect);
    const cases: [string, string][] = [
      ['/api/analytics/signal/users', 'group'],
      ['/api/analytics/signal/users?group=both', 'group'],
      ['/api/analytics/signal/users?group=matched&window=30d', 'window'],
      ['/api/analytics/signal/users?group=matched&counts=1', 'counts'],
      ['/api/analytics/audit/users?side=top', 'row'],
      ['/api/analytics/audit/users?row=behavior.Nope&side=top', 'row'],
      ['/api/analytics/audit/users?row=behavior.Nope', 'side'],
      ['/api/analytics/audit/users?row=x&side=top&unit=accounts', 'unit'],
      ['/api/analytics/audit/users?row=x&side=top&limit=0', 'limit'],
    ];
    for (const [url, field] of cases) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.admin });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.ok(res.body.includes(field), `${url}: ${res.body}`);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: cases[0]![0] });
    assert.equal(anonymous.statusCode, 401);
    await t.app.close();
  });
});
