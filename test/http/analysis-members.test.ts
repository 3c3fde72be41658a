import assert from 'node:assert/strict';
import { memberPages } from '../support/member-pages.js';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import type { Account } from '../../src/core/types.js';
import { testApp, type TestApp } from '../support/test-app.js';
import {
  DAY,
  auditGroupsByRetention,
  didWithin,
  eligible,
  fnv,
  holdsAttribute,
  refUsers,
  MEANINGFUL,
  PAID,
  type RefUser,
} from '../signals/reference.js';
import {
  END,
  rawRows,
  simulatedPopulation,
  type Population,
} from '../signals/simulated-population.js';

/**
 * The users (and accounts) behind the Signals page's numbers, as `cairn serve` serves them:
 * answers kept for a minute, and the lists kept by the signal's and the audit's own computation
 * (routes/signals.ts, analysis-members.ts). On every selected store, each list read after its
 * analysis is the one computed with it (same `computedAt`, no computation of its own) and
 * equals the independent reference (test/signals/reference.ts) over the raw stored rows; the
 * accounts behind an audit by account are new here and get their own reference below.
 */
const N = 14;
const SECOND = 1000;

interface Row {
  key: string;
  kind: string;
  attribute: string;
  value: unknown;
  top: { count: number };
  bottom: { count: number };
}

interface RefAccount {
  id: string;
  cohortDay: number;
  days: Set<number>;
  members: RefUser[];
  account: Account | undefined;
}

/**
 * Accounts as the audit by account reads them, restated from docs/signals.md: every account of
 * a signed-up user; its day 0 is its first member's signup day, it is active on any member's
 * active day, and holds a behavior any member did within 7 days of their own signup.
 */
function refAccounts(users: RefUser[], accounts: Account[]): RefAccount[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const out = new Map<string, RefAccount>();
  for (const u of users) {
    for (const id of u.profile.accounts) {
      const a = out.get(id) ?? {
        id,
        cohortDay: Infinity,
        days: new Set<number>(),
        members: [],
        account: byId.get(id),
      };
      a.members.push(u);
      for (const d of u.days) a.days.add(d);
      out.set(id, a);
    }
  }
  for (const a of out.values()) {
    const first = a.members.reduce((x, y) => (y.signup < x.signup ? y : x));
    a.cohortDay = first.cohortDay;
  }
  return [...out.values()];
}

describe('the units behind the signals numbers, kept with their analysis', () => {
  let population: Population;
  before(async () => {
    population = await simulatedPopulation();
  });
  after(() => population?.cleanup());

  const allPages = (t: TestApp, url: string) => memberPages(t, url, 9);
  const setUp = async (dialect: string) => {
    const { handle } = population.stores.find((s) => s.dialect === dialect)!;
    const t = await testApp(handle.store, {
      definitions: population.definitions,
      clock: new FakeClock(END),
      analysisMaxAgeSeconds: 60,
    });
    const rows = await rawRows(handle.store);
    const users = refUsers(rows.events, rows.profiles, PAID);
    return { t, users, accounts: rows.accounts };
  };
  const get = async (t: TestApp, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: t.admin });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json() as { computedAt: string; result: Record<string, unknown> };
  };

  it('the 48-hour split: each group is the list the signal counted, equal to the reference', async () => {
    for (const { dialect } of population.stores) {
      const { t, users } = await setUp(dialect);
      const signal = await get(t, `/api/analytics/signal?days=${N}&limit=5`);
      const groups = signal.result.groups as { key: string; users: number }[];
      // Later, within the minute: the lists are the signal's, not computed again.
      t.clock.advance(10 * SECOND);
      for (const key of ['matched', 'not_matched']) {
        const listed = await allPages(t, `/api/analytics/signal/users?days=${N}&group=${key}`);
        assert.deepEqual(listed.computedAt, [signal.computedAt], `${dialect} ${key}`);
        const expected = users
          .filter((u) => eligible(u, N, END))
          .filter((u) => didWithin(u, MEANINGFUL, 48) === (key === 'matched'))
          .map((u) => u.id)
          .sort();
        assert.deepEqual(listed.ids, expected, `${dialect} ${key}`);
        assert.equal(listed.ids.length, groups.find((g) => g.key === key)!.users);
      }
      // Past the minute the list is computed again, on its own, and is still the same.
      t.clock.advance(60 * SECOND);
      const again = await allPages(t, `/api/analytics/signal/users?days=${N}&group=matched`);
      assert.notDeepEqual(again.computedAt, [signal.computedAt]);
      assert.equal(again.ids.length, groups.find((g) => g.key === 'matched')!.users);
      await t.app.close();
    }
  });

  it("an audit by user: each row's counts list the users the audit ranked, equal to the reference", async () => {
    for (const { dialect } of population.stores) {
      const { t, users, accounts } = await setUp(dialect);
      const audit = await get(t, `/api/analytics/audit?unit=users&days=${N}&limit=500`);
      const rows = audit.result.rows as Row[];
      t.clock.advance(10 * SECOND);
      const groups = auditGroupsByRetention(
        users.filter((u) => eligible(u, N, END)),
        N,
        0.2,
      );
      const accountOf = new Map(accounts.map((a) => [a.id, a]));
      const chosen = new Map<string, Row>();
      for (const row of rows) if (!chosen.has(row.kind)) chosen.set(row.kind, row);
      assert.ok(chosen.size >= 3, [...chosen.keys()].join());
      for (const row of chosen.values()) {
        for (const side of ['top', 'bottom'] as const) {
          const listed = await allPages(
            t,
            `/api/analytics/audit/users?unit=users&days=${N}&row=${encodeURIComponent(row.key)}&side=${side}`,
          );
          assert.deepEqual(listed.computedAt, [audit.computedAt], `${dialect} ${row.key}`);
          const expected = groups[side]
            .filter((u) => holdsAttribute(u, row, accountOf))
            .map((u) => u.id)
            .sort();
          assert.deepEqual(listed.ids, expected, `${dialect} ${row.key} ${side}`);
          assert.equal(listed.ids.length, row[side].count, `${dialect} ${row.key} ${side}`);
        }
      }
      await t.app.close();
    }
  });

  it("an audit by account: each row's counts link to the accounts behind them, equal to the reference", async () => {
    for (const { dialect } of population.stores) {
      const { t, users, accounts } = await setUp(dialect);
      const audit = await get(t, `/api/analytics/audit?unit=accounts&days=${N}&limit=500`);
      const rows = audit.result.rows as Row[];
      assert.ok(rows.length > 0, `${dialect}: the account audit has rows`);
      t.clock.advance(10 * SECOND);
      // The reference's groups: accounts whose day N is over, by retention, ties by FNV-1a.
      const retainedAccount = (a: RefAccount) => [...a.days].some((d) => d >= a.cohortDay + N);
      const units = refAccounts(users, accounts).filter((a) => (a.cohortDay + N + 1) * DAY <= END);
      const ranked = [...units].sort(
        (x, y) =>
          Number(retainedAccount(y)) - Number(retainedAccount(x)) ||
          fnv(x.id) - fnv(y.id) ||
          (x.id < y.id ? -1 : 1),
      );
      const size = Math.floor(units.length * 0.2);
      const groups = { top: ranked.slice(0, size), bottom: ranked.slice(ranked.length - size) };
      const holds = (a: RefAccount, row: Row) => {
        if (row.kind === 'behavior')
          return a.members.some((u) => didWithin(u, [row.attribute], 7 * 24));
        const v = a.account?.traits[row.attribute];
        return row.key.includes('>=')
          ? typeof v === 'number' && v >= (row.value as number)
          : v === row.value;
      };
      const chosen = new Map<string, Row>();
      for (const row of rows) if (!chosen.has(row.kind)) chosen.set(row.kind, row);
      for (const row of chosen.values()) {
        for (const side of ['top', 'bottom'] as const) {
          const listed = await allPages(
            t,
            `/api/analytics/audit/accounts?unit=accounts&days=${N}&row=${encodeURIComponent(row.key)}&side=${side}`,
          );
          assert.deepEqual(listed.computedAt, [audit.computedAt], `${dialect} ${row.key}`);
          const expected = groups[side]
            .filter((a) => holds(a, row))
            .map((a) => a.id)
            .sort();
          assert.deepEqual(listed.ids, expected, `${dialect} ${row.key} ${side}`);
          assert.equal(listed.ids.length, row[side].count, `${dialect} ${row.key} ${side}`);
        }
      }
      // Computed on its own (past the minute), the list is the same.
      t.clock.advance(60 * SECOND);
      const row = rows[0]!;
      const again = await allPages(
        t,
        `/api/analytics/audit/accounts?unit=accounts&days=${N}&row=${encodeURIComponent(row.key)}&side=top`,
      );
      assert.notDeepEqual(again.computedAt, [audit.computedAt]);
      assert.equal(again.ids.length, row.top.count);
      await t.app.close();
    }
  });

  it('each unit has its own route: a 400 names unit when the other is asked for', async () => {
    const { t } = await setUp(population.stores[0]!.dialect);
    for (const url of [
      '/api/analytics/audit/users?unit=accounts&row=x&side=top',
      '/api/analytics/audit/accounts?row=x&side=top',
      '/api/analytics/audit/accounts?unit=users&row=x&side=top',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.admin });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(
        (res.json() as { error: { fields: { field: string }[] } }).error.fields[0]!.field,
        'unit',
      );
    }
    await t.app.close();
  });
});
