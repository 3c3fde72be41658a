import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectedDialects, openTestStore, type TestStore } from '../support/test-stores.js';
import { readAll } from '../../src/simulate/read-all.js';
import { DAY, exampleSimulation, runSimulation, START } from './sim-fixtures.js';

const RUN = { users: 40, days: 9, seed: 'determinism' };

for (const dialect of selectedDialects()) {
  describe(`cairn simulate through the runtime (${dialect})`, () => {
    let a: TestStore;
    let b: TestStore;
    let first: Awaited<ReturnType<typeof runSimulation>>;
    before(async () => {
      a = await openTestStore(dialect);
      b = await openTestStore(dialect);
      // A quarter of the people do not log in on their signup day: day_1's timeout fires.
      first = await runSimulation(
        a.store,
        await exampleSimulation((c) => (c.people.slow_start = 0.25)),
        RUN,
      );
    });
    after(async () => {
      await a?.cleanup();
      await b?.cleanup();
    });

    it('gives the same store digest for the same seed, on another database', async () => {
      const config = await exampleSimulation((c) => (c.people.slow_start = 0.25));
      const second = await runSimulation(b.store, config, RUN);
      assert.equal(second.digest, first.digest);
      assert.deepEqual(second.summary, first.summary);
      assert.deepEqual(second.truth, first.truth);
    });

    it('adds nothing when run again on the same database (same digest, same events)', async () => {
      const config = await exampleSimulation((c) => (c.people.slow_start = 0.25));
      const again = await runSimulation(a.store, config, RUN);
      assert.equal(again.digest, first.digest);
      assert.equal(again.summary.events, first.summary.events);
    });

    it('the in-memory email channel leaves the same store as the outbox, and no .eml files', async () => {
      const other = await openTestStore(dialect);
      try {
        const config = await exampleSimulation((c) => (c.people.slow_start = 0.25));
        const memory = await runSimulation(other.store, config, { ...RUN, email: 'memory' });
        assert.equal(memory.digest, first.digest);
        assert.deepEqual(memory.summary, first.summary);
        assert.deepEqual(memory.outboxFiles, []);
        assert.equal(memory.email.channel, 'memory');
        assert.ok(first.outboxFiles.length > 5, 'the outbox run wrote its emails');
        // Sent emails say where they went: memory:<id>, the outbox's file name without the folder.
        const sent = await readAll((page) => other.store.listMessages({ state: 'sent' }, page));
        const ids = sent
          .filter((m) => m.channel === 'email')
          .map((m) => `${/^memory:([0-9a-f]{32})$/.exec(m.reason ?? '')?.[1]}.eml`);
        assert.deepEqual(ids.sort(), [...first.outboxFiles].sort());
      } finally {
        await other.cleanup();
      }
    });

    it('with the in-memory channel, the latest emails can still be put in the outbox', async () => {
      const other = await openTestStore(dialect);
      try {
        const config = await exampleSimulation();
        const run = { ...RUN, users: 12, days: 3, email: 'memory' as const, outboxCopies: 5 };
        const result = await runSimulation(other.store, config, run);
        assert.equal(result.email.outboxCopies, 5);
        const sent = await readAll((page) => other.store.listMessages({ state: 'sent' }, page));
        const emails = sent.filter((m) => m.channel === 'email');
        assert.ok(emails.length > 5);
        // Five of the latest sent (the order within one step is the worker's), each in the store.
        const cutoff = emails.map((m) => m.sentAt!).sort((x, y) => y - x)[4]!;
        assert.equal(result.outboxFiles.length, 5);
        for (const file of result.outboxFiles) {
          const message = emails.find((m) => m.reason === `memory:${file.slice(0, -4)}`);
          assert.ok(message, `${file} is a sent email`);
          assert.ok(message.sentAt! >= cutoff, `${file} is one of the latest sent`);
        }
      } finally {
        await other.cleanup();
      }
    });

    it('a different seed gives a different population', async () => {
      const other = await openTestStore(dialect);
      try {
        const config = await exampleSimulation();
        const result = await runSimulation(other.store, config, {
          ...RUN,
          users: 10,
          days: 3,
          seed: 'other',
        });
        assert.notEqual(result.digest, first.digest);
      } finally {
        await other.cleanup();
      }
    });

    it('stores what a product would send: users, accounts, qualifier answers, acquisition context', async () => {
      const { summary, truth } = first;
      assert.equal(summary.users, truth.people.length);
      assert.ok(
        summary.accounts >= 10 && summary.accounts < summary.users,
        'accounts are clusters',
      );
      const profiles = await readAll((page) => a.store.searchProfiles(page));
      const byId = new Map(profiles.map((p) => [p.id, p]));
      for (const person of truth.people) {
        const profile = byId.get(person.id);
        assert.ok(profile, `${person.id} is in the store`);
        assert.deepEqual(profile.accounts, [person.account]);
        assert.equal(profile.traits.timezone, person.timeZone);
        if (person.answers) assert.equal(profile.traits.urgency, person.answers.urgency);
        const events = await a.store.recentEvents(person.id, 1000);
        const signup = events.find((e) => e.event === 'Signed Up')!;
        // identify, group, then Signed Up: a second apart.
        assert.equal(signup.timestamp, Date.parse(person.signupAt!) + 2000);
        assert.equal(
          (signup.context.campaign as { source: string }).source,
          person.acquisition.source,
        );
      }
    });

    it('fires a timer-driven journey on simulated day 1: no login a day after signup', async () => {
      const messages = await readAll((page) => a.store.listMessages({ journeyId: 'day_1' }, page));
      const trouble = messages.filter((m) => m.stepId === 'trouble_getting_started');
      assert.ok(trouble.length > 0, 'some people got "Trouble getting started?"');
      for (const message of trouble) {
        const events = await a.store.recentEvents(message.profileId, 1000);
        const signup = events.find((e) => e.event === 'Signed Up')!.timestamp;
        const logins = events.filter(
          (e) => e.event === 'Logged In' && e.timestamp < message.createdAt,
        );
        assert.equal(logins.length, 0, `${message.profileId} had not logged in`);
        // The 24 h timeout fires at the first step of the clock after it (steps of 1 h).
        const late = message.createdAt - (signup + DAY);
        assert.ok(late >= 0 && late <= 3_600_000, `fired ${late} ms after the timeout`);
      }
      const sent = trouble.filter((m) => m.state === 'sent' || m.state === 'deferred');
      assert.ok(sent.length > 0, 'and Cairn delivered it (or deferred it for quiet hours)');
    });

    it('recipients react to what was delivered: opens recorded against sent emails only', async () => {
      const events = [];
      for (let after = 0; ;) {
        const page = await a.store.readEvents(after, 5000);
        if (!page.length) break;
        events.push(...page);
        after = page.at(-1)!.seq;
      }
      const opens = events.filter((e) => e.event === 'Email Opened');
      assert.ok(opens.length > 0, 'some emails were opened');
      for (const open of opens) {
        const message = await a.store.getMessage(String(open.properties.message));
        assert.equal(message?.state, 'sent');
        assert.equal(message?.channel, 'email');
        assert.ok(open.timestamp > message!.sentAt!, 'opened after it was delivered');
      }
      assert.ok(events.every((e) => e.timestamp >= START && e.timestamp <= START + RUN.days * DAY));
    });
  });
}
