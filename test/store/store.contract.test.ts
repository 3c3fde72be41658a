/**
 * The store contract: every adapter must pass these, against a real database (see
 * test/support/test-stores.ts for how to choose which). Continued in
 * store-state.contract.test.ts and store-transactions.contract.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidCursorError } from '../../src/store/page-cursor.js';
import { postgresMigrations } from '../../src/store/postgres/migrations/index.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations/index.js';
import { makeAccount, makeEvent, makeProfile } from '../support/store-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

/** Both adapters ship the same migration ids, in the same order. */
const MIGRATIONS = sqliteMigrations.map((m) => m.id);

forEachStore('store contract', (getStore, ctx) => {
  describe('migrations', () => {
    it('lists what ran, and a second migrate() runs nothing', async () => {
      const store = getStore();
      assert.deepEqual(await store.appliedMigrations(), MIGRATIONS);
      assert.deepEqual(
        postgresMigrations.map((m) => m.id),
        MIGRATIONS,
      );
      assert.equal(await store.migrate(), 0);
      assert.deepEqual(await store.appliedMigrations(), MIGRATIONS);
    });
  });

  describe('events', () => {
    it('appends in input order, skips known messageIds and repeats within a batch', async () => {
      const store = getStore();
      const first = await store.transaction((tx) =>
        tx.insertEvents([makeEvent(1), makeEvent(2), makeEvent(3)]),
      );
      assert.equal(first.length, 3);
      assert.ok(first.every((seq) => typeof seq === 'number'));
      assert.ok(first[0]! < first[1]! && first[1]! < first[2]!);

      const second = await store.transaction((tx) =>
        tx.insertEvents([makeEvent(2), makeEvent(4), makeEvent(4), makeEvent(5)]),
      );
      assert.equal(second[0], null);
      assert.equal(second[2], null);
      assert.ok(second[1]! > first[2]! && second[3]! > second[1]!);
      assert.equal(await store.countEvents(), 5);
      assert.equal(await store.transaction((tx) => tx.insertEvents([])).then((r) => r.length), 0);
    });

    it('knows which messageIds are stored', async () => {
      const store = getStore();
      assert.equal(await store.hasEvent('msg-1'), true);
      assert.equal(await store.hasEvent('msg-unknown'), false);
      const known = await store.transaction((tx) =>
        tx.knownMessageIds(['msg-1', 'msg-unknown', 'msg-5']),
      );
      assert.deepEqual([...known].sort(), ['msg-1', 'msg-5']);
    });

    it('reads the log back whole, in seq order, from a position', async () => {
      const store = getStore();
      const all = await store.readEvents(0, 100);
      assert.deepEqual(
        all.map((e) => e.messageId),
        ['msg-1', 'msg-2', 'msg-3', 'msg-4', 'msg-5'],
      );
      const { seq, ...rest } = all[0];
      assert.equal(typeof seq, 'number');
      assert.deepEqual(rest, makeEvent(1));
      const tail = await store.readEvents(all[2].seq, 100);
      assert.deepEqual(
        tail.map((e) => e.messageId),
        ['msg-4', 'msg-5'],
      );
      assert.equal((await store.readEvents(0, 2)).length, 2);
    });

    it('keeps nulls, empty objects and unicode intact', async () => {
      const store = getStore();
      const odd = makeEvent(6, {
        event: null,
        userId: null,
        anonymousId: 'a-ü',
        profileId: 'anon:a-ü',
        originalTimestamp: null,
        sentAt: null,
        properties: {},
        traits: { name: 'Zoë "Q" \\ O\'Brien', emoji: '🪨' },
        context: {},
        type: 'identify',
        source: 'import',
      });
      await store.transaction((tx) => tx.insertEvents([odd]));
      const [stored] = await store.recentEvents('anon:a-ü', 1);
      const { seq: _seq, ...rest } = stored;
      assert.deepEqual(rest, odd);
    });

    it('stores text PostgreSQL cannot hold (NUL, lone surrogates) as U+FFFD, alike everywhere', async () => {
      const store = getStore();
      const odd = 'a\u0000b\ud800c\udfffd';
      const fixed = 'a\ufffdb\ufffdc\ufffdd';
      const literal = 'not an escape: \\u0000 \\\\u0000 \\ud800';
      const event = makeEvent(7, {
        profileId: 'odd-text',
        properties: { odd, literal, [odd]: 1 },
        context: { nested: [odd] },
      });
      await store.transaction(async (tx) => {
        await tx.insertEvents([event]);
        await tx.putProfiles([makeProfile('odd-text', { traits: { name: odd } })]);
        await tx.putAccounts([makeAccount('odd-text', { traits: { note: odd } })]);
      });
      const [stored] = await store.recentEvents('odd-text', 1);
      assert.deepEqual(stored.properties, { odd: fixed, literal, [fixed]: 1 });
      assert.deepEqual(stored.context, { nested: [fixed] });
      assert.equal((await store.getProfile('odd-text'))!.traits.name, fixed);
      assert.equal((await store.getAccount('odd-text'))!.traits.note, fixed);
    });

    it('lists a profile’s latest events newest first', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.insertEvents([
          makeEvent(10, { profileId: 'recent-1' }),
          makeEvent(11, { profileId: 'recent-2' }),
          makeEvent(12, { profileId: 'recent-1' }),
          makeEvent(13, { profileId: 'recent-1' }),
        ]),
      );
      const recent = await store.recentEvents('recent-1', 2);
      assert.deepEqual(
        recent.map((e) => e.messageId),
        ['msg-13', 'msg-12'],
      );
      assert.deepEqual(await store.recentEvents('nobody', 5), []);
    });

    it('moves events from one profile to another', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.reassignEvents('recent-2', 'recent-1'));
      assert.deepEqual(await store.recentEvents('recent-2', 10), []);
      const moved = await store.recentEvents('recent-1', 10);
      assert.deepEqual(
        moved.map((e) => [e.messageId, e.profileId]),
        [
          ['msg-13', 'recent-1'],
          ['msg-12', 'recent-1'],
          ['msg-11', 'recent-1'],
          ['msg-10', 'recent-1'],
        ],
      );
    });
  });

  describe('profiles', () => {
    it('round-trips whole profiles and returns only those that exist', async () => {
      const store = getStore();
      const ada = makeProfile('ada', {
        traits: { email: 'Ada@Example.com', name: 'Ada Lovelace' },
      });
      const anon = makeProfile('anon:v1', { anonymousIds: ['v1'], accounts: ['acme'] });
      await store.transaction((tx) => tx.putProfiles([ada, anon]));
      assert.deepEqual(await store.getProfile('ada'), ada);
      assert.deepEqual(await store.getProfile('anon:v1'), anon);
      assert.equal(await store.getProfile('nobody'), null);
      const found = await store.transaction((tx) => tx.getProfiles(['ada', 'nobody', 'anon:v1']));
      assert.deepEqual([...found.keys()].sort(), ['ada', 'anon:v1']);
      assert.deepEqual(found.get('ada'), ada);
    });

    it('upserts the whole document, the last copy of an id winning', async () => {
      const store = getStore();
      const v2 = makeProfile('ada', {
        traits: { email: 'ada@analytical.engine' },
        counters: {},
        state: { lifecycle: 'activated' },
        lastSeen: Date.UTC(2026, 1, 1),
      });
      const v3 = { ...v2, activeDays: [1, 2, 3] };
      await store.transaction((tx) => tx.putProfiles([v2, v3]));
      assert.deepEqual(await store.getProfile('ada'), v3);
    });

    it('deletes profiles', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.putProfiles([makeProfile('gone-1'), makeProfile('gone-2')]),
      );
      await store.transaction((tx) => tx.deleteProfiles(['gone-1', 'gone-2', 'never']));
      assert.equal(await store.getProfile('gone-1'), null);
      assert.equal(await store.getProfile('gone-2'), null);
      assert.notEqual(await store.getProfile('ada'), null);
    });
  });

  describe('profile search', () => {
    const people = [
      makeProfile('s-001', { traits: { email: 'Grace@Navy.mil', name: 'Grace Hopper' } }),
      makeProfile('s-002', {
        traits: { email: 'alan@bletchley.uk', firstName: 'Alan', lastName: 'Turing' },
      }),
      makeProfile('s-003', { userId: 'KATHERINE', traits: { name: 'Katherine Johnson' } }),
      makeProfile('s-004', { traits: { email: 'edsger@ut.edu', name: 'Edsger Dijkstra' } }),
      makeProfile('s-005', { traits: { email: '100%_sure@x.io', name: 'Sure_100% Person' } }),
    ];

    it('matches the start of id, userId and email, any part of the name, ignoring case', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.putProfiles(people));
      const ids = async (query: string) =>
        (await store.searchProfiles({ query, limit: 50 })).items.map((p) => p.id);
      assert.deepEqual(await ids('S-00'), ['s-001', 's-002', 's-003', 's-004', 's-005']);
      assert.deepEqual(await ids('grace@'), ['s-001']);
      assert.deepEqual(await ids('navy'), []);
      assert.deepEqual(await ids('kath'), ['s-003']);
      assert.deepEqual(await ids('TURING'), ['s-002']);
      assert.deepEqual(await ids('hopp'), ['s-001']);
      // LIKE wildcards in the query are literal characters.
      assert.deepEqual(await ids('100%_'), ['s-005']);
      assert.deepEqual(await ids('%'), ['s-005']);
      assert.deepEqual(await ids('_'), ['s-005']);
    });

    it('pages by id with an opaque cursor', async () => {
      const store = getStore();
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.searchProfiles({ query: 's-', limit: 2, after });
        seen.push(...page.items.map((p) => p.id));
        after = page.next ?? undefined;
        pages += 1;
      } while (after);
      assert.deepEqual(seen, ['s-001', 's-002', 's-003', 's-004', 's-005']);
      assert.equal(pages, 3);
      const exact = await store.searchProfiles({ query: 's-', limit: 5 });
      assert.equal(exact.next, null);
    });

    it('lists every profile by id when there is no query', async () => {
      const store = getStore();
      const page = await store.searchProfiles({ limit: 1000 });
      const ids = page.items.map((p) => p.id);
      assert.deepEqual(ids, [...ids].sort());
      assert.ok(ids.includes('ada') && ids.includes('anon:v1') && ids.includes('s-005'));
      assert.equal(page.next, null);
      const empty = await store.searchProfiles({ query: '', limit: 1 });
      assert.equal(empty.items[0].id, ids[0]);
    });

    it('rejects a cursor it did not issue', async () => {
      const store = getStore();
      await assert.rejects(
        store.searchProfiles({ limit: 2, after: 'not-a-cursor' }),
        InvalidCursorError,
      );
    });
  });

  describe('aliases', () => {
    it('stores aliases and resolves ids through them', async () => {
      const store = getStore();
      await store.transaction(async (tx) => {
        await tx.putProfiles([makeProfile('grace')]);
        await tx.putAliases([{ fromId: 'anon:g1', profileId: 'grace' }]);
      });
      const found = await store.transaction((tx) => tx.getAliases(['anon:g1', 'anon:zz']));
      assert.deepEqual([...found], [['anon:g1', 'grace']]);
      assert.equal(await store.resolveProfileId('grace'), 'grace');
      assert.equal(await store.resolveProfileId('anon:g1'), 'grace');
      assert.equal(await store.resolveProfileId('anon:zz'), null);
    });

    it('prefers a profile over an alias of the same id', async () => {
      const store = getStore();
      await store.transaction(async (tx) => {
        await tx.putProfiles([makeProfile('both')]);
        await tx.putAliases([{ fromId: 'both', profileId: 'grace' }]);
      });
      assert.equal(await store.resolveProfileId('both'), 'both');
    });

    it('keeps resolution one hop when a profile is merged on', async () => {
      const store = getStore();
      // grace-old is merged into grace-new: aliases that led to grace-old now lead on.
      await store.transaction((tx) =>
        tx.putAliases([
          { fromId: 'anon:o1', profileId: 'grace-old' },
          { fromId: 'anon:o2', profileId: 'grace-old' },
        ]),
      );
      await store.transaction((tx) =>
        tx.putAliases([{ fromId: 'grace-old', profileId: 'grace-new' }]),
      );
      const map = await store.transaction((tx) =>
        tx.getAliases(['anon:o1', 'anon:o2', 'grace-old']),
      );
      assert.deepEqual(Object.fromEntries(map), {
        'anon:o1': 'grace-new',
        'anon:o2': 'grace-new',
        'grace-old': 'grace-new',
      });
      // A chain written in one batch resolves too; an alias back to itself is dropped.
      await store.transaction((tx) =>
        tx.putAliases([
          { fromId: 'x1', profileId: 'x2' },
          { fromId: 'x2', profileId: 'x3' },
          { fromId: 'x3', profileId: 'x1' },
        ]),
      );
      const chain = await store.transaction((tx) => tx.getAliases(['x1', 'x2', 'x3']));
      for (const [from, to] of chain) assert.notEqual(from, to);
    });
  });

  describe('accounts and memberships', () => {
    it('round-trips accounts', async () => {
      const store = getStore();
      const acme = makeAccount('acme', { memberCount: 2, state: { tier: 'gold' } });
      await store.transaction((tx) =>
        tx.putAccounts([makeAccount('acme'), acme, makeAccount('initech')]),
      );
      assert.deepEqual(await store.getAccount('acme'), acme);
      assert.equal(await store.getAccount('nope'), null);
      const found = await store.transaction((tx) => tx.getAccounts(['acme', 'nope', 'initech']));
      assert.deepEqual([...found.keys()].sort(), ['acme', 'initech']);
    });

    it('adds memberships once and pages members by profile id', async () => {
      const store = getStore();
      const t = Date.UTC(2026, 0, 1);
      const added = await store.transaction((tx) =>
        tx.addMemberships([
          { accountId: 'acme', profileId: 'm-3', joinedAt: t + 3 },
          { accountId: 'acme', profileId: 'm-1', joinedAt: t + 1 },
          { accountId: 'acme', profileId: 'm-2', joinedAt: t + 2 },
          { accountId: 'acme', profileId: 'm-2', joinedAt: t + 9 },
          { accountId: 'initech', profileId: 'm-1', joinedAt: t + 4 },
        ]),
      );
      assert.equal(added, 4);
      const again = await store.transaction((tx) =>
        tx.addMemberships([{ accountId: 'acme', profileId: 'm-1', joinedAt: t + 99 }]),
      );
      assert.equal(again, 0);

      const first = await store.accountMembers('acme', { limit: 2 });
      assert.deepEqual(first.items, [
        { accountId: 'acme', profileId: 'm-1', joinedAt: t + 1 },
        { accountId: 'acme', profileId: 'm-2', joinedAt: t + 2 },
      ]);
      assert.ok(first.next);
      const second = await store.accountMembers('acme', { limit: 2, after: first.next });
      assert.deepEqual(
        second.items.map((m) => m.profileId),
        ['m-3'],
      );
      assert.equal(second.next, null);
      assert.deepEqual((await store.accountMembers('nope', { limit: 5 })).items, []);
    });

    it('moves memberships on a merge, keeping the earlier join', async () => {
      const store = getStore();
      const t = Date.UTC(2026, 0, 1);
      await store.transaction(async (tx) => {
        await tx.addMemberships([
          { accountId: 'acme', profileId: 'anon:m', joinedAt: t },
          { accountId: 'globex', profileId: 'anon:m', joinedAt: t + 5 },
        ]);
        await tx.reassignMemberships('anon:m', 'm-3');
      });
      const acme = await store.accountMembers('acme', { limit: 10 });
      assert.deepEqual(
        acme.items.map((m) => [m.profileId, m.joinedAt]),
        [
          ['m-1', t + 1],
          ['m-2', t + 2],
          ['m-3', t],
        ],
      );
      const globex = await store.accountMembers('globex', { limit: 10 });
      assert.deepEqual(globex.items, [{ accountId: 'globex', profileId: 'm-3', joinedAt: t + 5 }]);
    });

    it('lists the members of several accounts inside a transaction, its own joins included', async () => {
      const store = getStore();
      const t = Date.UTC(2026, 0, 1);
      const members = await store.transaction(async (tx) => {
        await tx.addMemberships([{ accountId: 'initech', profileId: 'm-0', joinedAt: t + 7 }]);
        return tx.membersOf(['initech', 'acme', 'nope', 'initech']);
      });
      assert.deepEqual(
        members.map((m) => [m.accountId, m.profileId, m.joinedAt]),
        [
          ['acme', 'm-1', t + 1],
          ['acme', 'm-2', t + 2],
          ['acme', 'm-3', t],
          ['initech', 'm-0', t + 7],
          ['initech', 'm-1', t + 4],
        ],
      );
      assert.deepEqual(await store.transaction((tx) => tx.membersOf([])), []);
    });
  });

  describe('settings', () => {
    it('initialises a setting once and keeps the first value', async () => {
      const store = getStore();
      assert.equal(await store.getSetting('install-id'), null);
      assert.equal(await store.initSetting('install-id', 'first'), 'first');
      assert.equal(await store.initSetting('install-id', 'second'), 'first');
      assert.equal(await store.getSetting('install-id'), 'first');
    });

    it('gives concurrent initialisers the same value, across connections too', async () => {
      const store = getStore();
      const other = await ctx.openAnother();
      const values = await Promise.all([
        store.initSetting('secret', 'a'),
        other.initSetting('secret', 'b'),
        store.initSetting('secret', 'c'),
        other.initSetting('secret', 'd'),
      ]);
      assert.equal(new Set(values).size, 1);
      assert.equal(await store.getSetting('secret'), values[0]);
    });

    it('overwrites a setting inside a transaction', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.setSetting('install-id', 'changed'));
      assert.equal(await store.getSetting('install-id'), 'changed');
    });
  });
});
