/** The store contract, continued: transactions, concurrency and fresh databases. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sqliteMigrations } from '../../src/store/sqlite/migrations/index.js';
import type { Store } from '../../src/store/store.js';
import { makeAccount, makeEvent, makeProfile } from '../support/store-fixtures.js';
import { forEachStore, openTestStore, selectedDialects } from '../support/test-stores.js';

const MIGRATIONS = sqliteMigrations.map((m) => m.id);

forEachStore('store contract: transactions', (getStore, ctx) => {
  describe('transactions', () => {
    it('returns the callback’s value', async () => {
      assert.equal(await getStore().transaction(async () => 42), 42);
    });

    it('writes nothing when the callback throws', async () => {
      const store = getStore();
      const before = await store.countEvents();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertEvents([makeEvent(900)]);
          await tx.putProfiles([makeProfile('rolled-back')]);
          await tx.putAccounts([makeAccount('rolled-back')]);
          await tx.putAliases([{ fromId: 'anon:rb', profileId: 'rolled-back' }]);
          await tx.setSetting('rolled-back', 'yes');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.countEvents(), before);
      assert.equal(await store.hasEvent('msg-900'), false);
      assert.equal(await store.getProfile('rolled-back'), null);
      assert.equal(await store.getAccount('rolled-back'), null);
      assert.equal(await store.resolveProfileId('anon:rb'), null);
      assert.equal(await store.getSetting('rolled-back'), null);
      // The store is usable afterwards.
      assert.deepEqual(
        await store.transaction((tx) => tx.insertEvents([makeEvent(900)])).then((s) => s.length),
        1,
      );
    });

    it('reads in a transaction what was committed, never what a failed one wrote', async () => {
      const store = getStore();
      const traits = (plan: string) => ({ ...makeProfile('kept').traits, plan });
      await store.transaction((tx) =>
        tx.putProfiles([{ ...makeProfile('kept'), traits: traits('trial') }]),
      );
      await store.transaction(async (tx) => {
        const [kept] = (await tx.getProfiles(['kept'])).values();
        assert.equal(kept.traits.plan, 'trial');
        await tx.putProfiles([{ ...kept, traits: traits('team') }]);
        // The transaction sees its own write; then the profile is deleted, and gone for it.
        assert.equal((await tx.getProfiles(['kept'])).get('kept')?.traits.plan, 'team');
      });
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.putProfiles([{ ...makeProfile('kept'), traits: traits('rolled-back') }]);
          await tx.deleteProfiles(['kept']);
          assert.equal((await tx.getProfiles(['kept'])).size, 0);
          throw new Error('boom');
        }),
        /boom/,
      );
      const after = await store.transaction((tx) => tx.getProfiles(['kept']));
      assert.equal(after.get('kept')?.traits.plan, 'team');
      // Each read is a copy of its own: changing one changes nothing stored.
      after.get('kept')!.traits.plan = 'changed in memory';
      const again = await store.transaction((tx) => tx.getProfiles(['kept']));
      assert.equal(again.get('kept')?.traits.plan, 'team');
    });

    it('hides a transaction’s writes from readers until it commits', async () => {
      const store = getStore();
      let seenInside: unknown = 'unset';
      await store.transaction(async (tx) => {
        await tx.putProfiles([makeProfile('uncommitted')]);
        seenInside = await store.getProfile('uncommitted');
      });
      assert.equal(seenInside, null);
      assert.notEqual(await store.getProfile('uncommitted'), null);
    });

    it('refuses a transaction started inside another, and a tx used after its end', async () => {
      const store = getStore();
      await assert.rejects(
        store.transaction(() => store.transaction(async () => 1)),
        /inside store\.transaction/,
      );
      let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      await assert.rejects(leaked!.putProfiles([makeProfile('late')]), /already ended/);
    });

    it('serializes two transactions that lock the same key', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.putProfiles([makeProfile('counter', { counters: {} })]));
      const bump = (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) =>
        tx.getProfiles(['counter']).then(async (found) => {
          const p = found.get('counter')!;
          const c = p.counters.bumps ?? { count: 0, first: 1, last: 1 };
          p.counters.bumps = { ...c, count: c.count + 1 };
          await tx.putProfiles([p]);
          return c.count;
        });

      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstLocked!: () => void;
      const locked = new Promise<void>((resolve) => (firstLocked = resolve));
      const first = store.transaction(async (tx) => {
        await tx.lockKeys(['counter']);
        firstLocked();
        await firstMayCommit;
        return bump(tx);
      });
      await locked;
      const second = store.transaction(async (tx) => {
        await tx.lockKeys(['counter', 'counter']);
        return bump(tx);
      });
      await ctx.lockWaiter('counter');
      releaseFirst();
      assert.deepEqual(await Promise.all([first, second]), [0, 1]);
      assert.equal((await store.getProfile('counter'))!.counters.bumps.count, 2);
    });

    it('reruns a transaction that lost a race for crossing keys', async (t) => {
      const store = getStore();
      if (!store.capabilities.supportsManyProcesses) {
        return t.skip('one writer at a time: this store cannot deadlock');
      }
      let attempts = 0;
      const gate = () => {
        let open!: () => void;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { open, opened };
      };
      const aHeld = gate();
      const bHeld = gate();
      // Each takes one key, waits until the other holds the other key, then asks for it: were
      // they to wait, a deadlock. The one asking for a taken key gives way and reruns (both may,
      // if each asks before the other has given way); the reruns take both keys at once.
      const crossing = (mine: string, theirs: string, held: typeof aHeld, other: typeof aHeld) =>
        store.transaction(async (tx) => {
          attempts += 1;
          await tx.lockKeys([mine]);
          held.open();
          await other.opened;
          await tx.lockKeys([theirs]);
          await tx.setSetting(`deadlock-${mine}`, 'done');
        });
      await Promise.all([
        crossing('dl-a', 'dl-b', aHeld, bHeld),
        crossing('dl-b', 'dl-a', bHeld, aHeld),
      ]);
      assert.ok(attempts === 3 || attempts === 4, `${attempts} attempts`);
      assert.equal(await store.getSetting('deadlock-dl-a'), 'done');
      assert.equal(await store.getSetting('deadlock-dl-b'), 'done');
    });

    it('does not wait for a key asked for late: it reruns, taking the key first', async (t) => {
      const store = getStore();
      if (!store.capabilities.supportsManyProcesses) {
        return t.skip('one writer at a time: no other transaction holds a key meanwhile');
      }
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      // The holder keeps its key until another transaction waits for it. Were the asker's later
      // call to wait (which could deadlock), that would be its first attempt; instead it gives
      // way, and its second attempt waits for the key in its first call.
      const holder = store.transaction(async (tx) => {
        await tx.lockKeys(['late-x']);
        holding();
        await ctx.lockWaiter('late-x');
        await tx.setSetting('late-holder', 'done');
      });
      await held;
      let attempts = 0;
      const asker = store.transaction(async (tx) => {
        attempts += 1;
        await tx.lockKeys(['late-y']);
        // The second attempt's first call already holds late-x: this one takes nothing new.
        await tx.lockKeys(['late-x', 'late-y']);
        await tx.setSetting('late-asker', String(attempts));
      });
      await Promise.all([holder, asker]);
      assert.equal(attempts, 2);
      assert.equal(await store.getSetting('late-holder'), 'done');
      assert.equal(await store.getSetting('late-asker'), '2');
    });
  });
});

describe('fresh databases', () => {
  for (const dialect of selectedDialects()) {
    it(`[${dialect}] refuses queries before migrate(), and migrators take turns`, async () => {
      const handle = await openTestStore(dialect, { migrate: false });
      try {
        await assert.rejects(handle.store.getProfile('x'), /schema is behind.*001-init/);
        const other = await handle.openAnother();
        const bystander = await handle.openAnother();
        const ran = await Promise.all([handle.store.migrate(), other.migrate()]);
        assert.deepEqual([...ran].sort(), [0, MIGRATIONS.length]);
        assert.equal(await handle.store.getProfile('x'), null);
        assert.equal(await other.getProfile('x'), null);
        assert.deepEqual(await other.appliedMigrations(), MIGRATIONS);
        // Opened before the migration, never migrating itself: usable once the schema is current.
        assert.equal(
          await bystander.transaction((tx) => tx.getProfiles(['x'])).then((m) => m.size),
          0,
        );
        assert.equal(await bystander.getSetting('x'), null);
      } finally {
        await handle.cleanup();
      }
    });
  }
});
