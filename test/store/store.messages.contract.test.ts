/**
 * The store contract, continued: the delivery log (messages queued once per idempotency key,
 * claimed by one worker each, leases, frequency-cap reads, listing) and consent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidCursorError } from '../../src/store/page-cursor.js';
import type { MessageFilter, MessageRecord, Store } from '../../src/store/store.js';
import { forEachStore } from '../support/test-stores.js';
import {
  HOUR,
  T0,
  claimTwiceConcurrently,
  makeConsent,
  makeMessage,
  makeRun,
} from './journey-fixtures.js';

const ids = (messages: MessageRecord[]) => messages.map((m) => m.id);

/** Every page of a listing, as lists of ids, following the cursors. */
async function pages(store: Store, filter: MessageFilter, limit: number): Promise<string[][]> {
  const out: string[][] = [];
  let after: string | undefined;
  do {
    const page = await store.listMessages(filter, { limit, after });
    out.push(ids(page.items));
    after = page.next ?? undefined;
  } while (after !== undefined);
  return out;
}

forEachStore('store contract: messages', (getStore, context) => {
  describe('the delivery log', () => {
    it('queues a message once per idempotency key, whatever retries or replays send', async () => {
      const store = getStore();
      const a = makeMessage('run-1:send-1:1');
      const b = makeMessage('run-1:send-2:1', { transactional: true, topic: null, dueAt: null });
      const first = await store.transaction((tx) =>
        tx.insertMessages([a, b, { ...a, template: 'other' }]),
      );
      assert.deepEqual(first, [true, true, false]);
      const replay = await store.transaction((tx) =>
        tx.insertMessages([{ ...b, state: 'sent' }, makeMessage('run-1:send-3:1')]),
      );
      assert.deepEqual(replay, [false, true]);
      assert.deepEqual(await store.getMessage(a.id), a);
      assert.deepEqual(await store.getMessage(b.id), b);
      assert.equal(await store.getMessage('run-1:send-9:1'), null);
      assert.deepEqual(await store.transaction((tx) => tx.insertMessages([])), []);
    });

    it('replaces messages by id, the last copy winning, and never inserts', async () => {
      const store = getStore();
      const sent = makeMessage('run-1:send-1:1', {
        state: 'sent',
        attempts: 1,
        providerId: '<abc@mail.example>',
        reason: null,
        dueAt: null,
        updatedAt: T0 + 5,
        sentAt: T0 + 5,
      });
      await store.transaction((tx) =>
        tx.updateMessages([{ ...sent, state: 'failed' }, sent, makeMessage('never')]),
      );
      assert.deepEqual(await store.getMessage(sent.id), sent);
      assert.equal(await store.getMessage('never'), null);
    });

    it('finds a message by its provider id, the newest of several, and only by an exact one', async () => {
      const store = getStore();
      const sent = { state: 'sent' as const, dueAt: null, sentAt: T0 + 5 };
      const older = makeMessage('provider:older', { ...sent, providerId: '<p1@mail.example>' });
      const newer = makeMessage('provider:newer', {
        ...sent,
        providerId: '<p1@mail.example>',
        createdAt: T0 + 1,
      });
      const other = makeMessage('provider:other', { ...sent, providerId: '<p2@mail.example>' });
      await store.transaction((tx) => tx.insertMessages([older, newer, other]));
      assert.deepEqual(await store.findMessageByProviderId('<p1@mail.example>'), newer);
      assert.deepEqual(await store.findMessageByProviderId('<p2@mail.example>'), other);
      assert.equal(await store.findMessageByProviderId('p2@mail.example'), null);
      assert.equal(await store.findMessageByProviderId('<p3@mail.example>'), null);
    });

    it('puts a dead or failed message back in the queue, never one sent or on its way', async () => {
      const store = getStore();
      const gaveUp = { attempts: 5, dueAt: null, leaseUntil: null, updatedAt: T0 + 9 };
      const dead = makeMessage('requeue:dead', { ...gaveUp, state: 'dead', reason: 'HTTP 503' });
      const failed = makeMessage('requeue:failed', { ...gaveUp, state: 'failed', reason: '550' });
      const sent = makeMessage('requeue:sent', { ...gaveUp, state: 'sent', sentAt: T0 + 9 });
      const sending = makeMessage('requeue:sending', { state: 'sending', leaseUntil: T0 + HOUR });
      await store.transaction((tx) => tx.insertMessages([dead, failed, sent, sending]));

      const now = T0 + 20;
      const requeued = await store.transaction(async (tx) => {
        const out: (MessageRecord | null)[] = [];
        for (const m of [dead, failed, sent, sending, makeMessage('requeue:none')])
          out.push(await tx.requeueMessage(m.id, now, 'requeued by hand'));
        return out;
      });
      const queued = { state: 'queued', reason: 'requeued by hand', attempts: 0, dueAt: now };
      assert.deepEqual(requeued, [
        { ...dead, ...queued, leaseUntil: null, updatedAt: now },
        { ...failed, ...queued, leaseUntil: null, updatedAt: now },
        null,
        null,
        null,
      ]);
      assert.deepEqual(await store.getMessage(dead.id), requeued[0]);
      assert.deepEqual(await store.getMessage(sent.id), sent);
      assert.deepEqual(await store.getMessage(sending.id), sending);
      // Settled, so the delivery work below does not find them due.
      await store.transaction((tx) =>
        tx.updateMessages(
          [requeued[0]!, requeued[1]!, sending].map((m) => ({ ...m, state: 'sent' })),
        ),
      );
    });

    it('stores a payload PostgreSQL could not (NUL, a lone surrogate) alike on both', async () => {
      const store = getStore();
      const odd = makeMessage('odd', { payload: { note: 'a\u0000b', half: 'x\ud800y' } });
      await store.transaction((tx) => tx.insertMessages([odd]));
      assert.deepEqual((await store.getMessage('odd'))!.payload, {
        note: 'a\ufffdb',
        half: 'x\ufffdy',
      });
      await store.transaction((tx) => tx.updateMessages([{ ...odd, state: 'failed' }]));
      assert.equal((await store.getMessage('odd'))!.payload.note, 'a\ufffdb');
    });
  });

  describe("a message's trigger", () => {
    // A send step copies its run's trigger into the message: the store may keep it once, in the
    // run's row (trigger-rows.ts), and must read back every message as it was given.
    const trigger = (key: string) => ({
      key,
      name: 'Milestone Reached',
      properties: {
        milestone: 'first_report',
        messageId: key,
        reason: {
          rule: 'milestones.first_report',
          cause: { type: 'event', event: 'Report Created', messageId: key, timestamp: T0 },
          facts: ['"Report Created" performed 1 time', 'odd a\u0000b'],
        },
      },
      timestamp: T0,
      account: null,
      cause: { event: 'Report Created', properties: { projectId: 'p-1', note: 'x\ud800y' } },
    });

    it('reads back messages whose run holds the same trigger, another one, or none', async () => {
      const store = getStore();
      const run = makeRun('run-t1', { trigger: trigger('e-1') as never });
      const same = makeMessage('run-t1:send-1:1', {
        runId: run.id,
        payload: { trigger: trigger('e-1'), to: null },
      });
      const other = makeMessage('run-t1:send-2:1', {
        runId: run.id,
        payload: { trigger: trigger('e-2'), to: null },
      });
      const noRun = makeMessage('run-t9:send-1:1', {
        runId: 'run-t9',
        payload: { trigger: trigger('e-3') },
      });
      const stringy = makeMessage('run-t1:send-3:1', {
        runId: run.id,
        payload: { trigger: '@run' },
      });
      await store.transaction(async (tx) => {
        await tx.createRuns([run]);
        await tx.insertMessages([same, other, noRun, stringy]);
      });
      const clean = (m: MessageRecord) =>
        JSON.parse(JSON.stringify(m).replace(/\\u0000|\\ud800/g, '\\ufffd'));
      for (const m of [same, other, noRun, stringy]) {
        assert.deepEqual(await store.getMessage(m.id), clean(m), m.id);
      }
      // Only the message whose run holds its very trigger leaves it there.
      const rows = (await context.rawRows()).split('\n').filter((r) => r.startsWith('messages:'));
      const referring = rows
        .filter((r) => /\\?"trigger\\?":\\?"@run/.test(r))
        .map((r) => r.match(/run-t\d:send-\d:1/)![0]);
      assert.deepEqual(referring, [same.id]);
      const sent = { ...same, state: 'sent' as const, sentAt: T0 + 1 };
      await store.transaction((tx) => tx.updateMessages([sent]));
      assert.deepEqual(await store.getMessage(sent.id), clean(sent));
      const listed = await store.listMessages({ journeyId: 'onboarding' }, { limit: 100 });
      assert.deepEqual(
        listed.items.find((m) => m.id === sent.id),
        clean(sent),
      );
    });
  });

  describe('delivery work', () => {
    // Times after those of the first tests, whose leftovers are settled first.
    const base = T0 + 1000 * HOUR;

    it('claims queued, deferred and retrying messages when due, earliest first', async () => {
      const store = getStore();
      await store.transaction(async (tx) => {
        const leftovers = await tx.claimDueMessages(base, 100);
        await tx.updateMessages(leftovers.map((m) => ({ ...m, state: 'sent' as const })));
        await tx.insertMessages([
          makeMessage('d-retrying', { state: 'retrying', dueAt: base + 30 }),
          makeMessage('d-deferred', { state: 'deferred', dueAt: base + 10 }),
          makeMessage('d-queued', { state: 'queued', dueAt: base + 10 }),
          makeMessage('d-sending', { state: 'sending', dueAt: base, leaseUntil: base + 60 }),
          makeMessage('d-failed', { state: 'failed', dueAt: base }),
          makeMessage('d-held-out', { state: 'held_out', dueAt: base }),
          makeMessage('d-capped', { state: 'capped', dueAt: base }),
        ]);
      });
      assert.equal(await store.nextMessageDue(), base + 10);
      const claim = (now: number, limit: number) =>
        store.transaction((tx) => tx.claimDueMessages(now, limit)).then(ids);
      assert.deepEqual(await claim(base + 9, 10), []);
      assert.deepEqual(await claim(base + 10, 10), ['d-deferred', 'd-queued']);
      assert.deepEqual(await claim(base + 100, 1), ['d-deferred']);
      const due = await store.transaction((tx) => tx.claimDueMessages(base + 100, 10));
      assert.deepEqual(ids(due), ['d-deferred', 'd-queued', 'd-retrying']);
      assert.deepEqual(due[2], makeMessage('d-retrying', { state: 'retrying', dueAt: base + 30 }));
    });

    it('finds sends whose lease ended (a crash mid-send), never one still leased', async () => {
      const store = getStore();
      // The worker takes the due messages, leasing them until base + 200 (one until base + 150).
      await store.transaction(async (tx) => {
        const due = await tx.claimDueMessages(base + 100, 10);
        await tx.updateMessages(
          due.map((m, i) => ({
            ...m,
            state: 'sending' as const,
            attempts: m.attempts + 1,
            leaseUntil: i === 2 ? base + 150 : base + 200,
          })),
        );
      });
      assert.equal(await store.nextMessageDue(), null);
      const expired = (now: number, limit: number) =>
        store.transaction((tx) => tx.expiredSends(now, limit)).then(ids);
      assert.deepEqual(await expired(base + 60, 10), []);
      assert.deepEqual(await expired(base + 61, 10), ['d-sending']);
      assert.deepEqual(await expired(base + 151, 10), ['d-sending', 'd-retrying']);
      assert.deepEqual(await expired(base + 201, 2), ['d-sending', 'd-retrying']);
      await store.transaction(async (tx) => {
        const lost = await tx.expiredSends(base + 201, 10);
        assert.deepEqual(ids(lost), ['d-sending', 'd-retrying', 'd-deferred', 'd-queued']);
        assert.equal(lost[1].attempts, 1);
        await tx.updateMessages(lost.map((m) => ({ ...m, state: 'failed' as const })));
      });
      assert.deepEqual(await expired(base + 10_000, 10), []);
    });

    it('hands each due message to one of two concurrent workers', async (t) => {
      const store = getStore();
      const due = ['x-1', 'x-2', 'x-3', 'x-4'];
      await store.transaction((tx) =>
        tx.insertMessages(due.map((id, i) => makeMessage(id, { dueAt: base + i }))),
      );
      const [a, b] = await claimTwiceConcurrently(
        store,
        (tx) => tx.claimDueMessages(base + 100, 2),
        (tx, claimed) =>
          tx.updateMessages(claimed.map((m) => ({ ...m, state: 'sending', leaseUntil: base }))),
      );
      t.diagnostic(`claimed ${ids(a)} and ${ids(b)}`);
      assert.equal(a.length, 2);
      assert.deepEqual([...ids(a), ...ids(b)].sort(), due);
    });

    it('reads what was sent to users since a time, for frequency caps', async () => {
      const store = getStore();
      const sent = (id: string, profileId: string, sentAt: number, more = {}) =>
        makeMessage(id, { profileId, state: 'sent', dueAt: null, sentAt, ...more });
      await store.transaction((tx) =>
        tx.insertMessages([
          sent('r-old', 'r-a', T0 - 1),
          sent('r-edge', 'r-a', T0),
          sent('r-new', 'r-a', T0 + HOUR, { channel: 'inapp', priority: 'high' }),
          sent('r-tx', 'r-b', T0 + 2 * HOUR, { transactional: true }),
          sent('r-other', 'r-c', T0 + HOUR),
          makeMessage('r-capped', { profileId: 'r-a', state: 'capped', sentAt: null }),
          makeMessage('r-held', { profileId: 'r-a', state: 'held_out', sentAt: null }),
        ]),
      );
      const recent = await store.transaction((tx) =>
        tx.recentSends(['r-a', 'r-b', 'r-nobody'], T0),
      );
      const key = (r: { profileId: string; at: number }) => `${r.profileId}@${r.at}`;
      assert.deepEqual(
        [...recent].sort((x, y) => (key(x) < key(y) ? -1 : 1)),
        [
          { profileId: 'r-a', at: T0, channel: 'email', transactional: false, priority: 'normal' },
          {
            profileId: 'r-a',
            at: T0 + HOUR,
            channel: 'inapp',
            transactional: false,
            priority: 'high',
          },
          {
            profileId: 'r-b',
            at: T0 + 2 * HOUR,
            channel: 'email',
            transactional: true,
            priority: 'normal',
          },
        ],
      );
      assert.deepEqual(await store.transaction((tx) => tx.recentSends([], T0)), []);
    });
  });

  describe('listing and merges', () => {
    const at = T0 + 5000 * HOUR;
    const log = [
      makeMessage('n-1', { profileId: 'n-a', journeyId: 'nj-x', createdAt: at + 1 }),
      makeMessage('n-2', { profileId: 'n-a', journeyId: 'nj-y', createdAt: at + 2 }),
      makeMessage('n-3', { profileId: 'n-b', journeyId: 'nj-x', createdAt: at + 2 }),
      makeMessage('n-4', {
        profileId: 'n-a',
        journeyId: 'nj-x',
        createdAt: at + 3,
        state: 'dead',
        dueAt: null,
      }),
      makeMessage('n-5', {
        profileId: 'n-b',
        journeyId: null,
        runId: null,
        stepId: null,
        createdAt: at + 4,
        state: 'dead',
        dueAt: null,
      }),
    ];

    it('lists the log newest first, by user, journey and state, in pages', async () => {
      const store = getStore();
      await store.transaction((tx) => tx.insertMessages(log));
      assert.deepEqual(await pages(store, { profileId: 'n-a' }, 2), [['n-4', 'n-2'], ['n-1']]);
      assert.deepEqual(await pages(store, { journeyId: 'nj-x' }, 2), [['n-4', 'n-3'], ['n-1']]);
      assert.deepEqual(await pages(store, { state: 'dead' }, 1), [['n-5'], ['n-4']]);
      assert.deepEqual(await pages(store, { profileId: 'n-a', journeyId: 'nj-x' }, 5), [
        ['n-4', 'n-1'],
      ]);
      assert.deepEqual(await pages(store, { profileId: 'n-a', state: 'dead' }, 5), [['n-4']]);
      assert.deepEqual(await pages(store, { journeyId: 'nj-x', state: 'queued' }, 5), [
        ['n-3', 'n-1'],
      ]);
      // Equal creation times are ordered by id, greatest first, across a page boundary.
      const all = await pages(store, {}, 2);
      assert.deepEqual(all.slice(0, 2), [
        ['n-5', 'n-4'],
        ['n-3', 'n-2'],
      ]);
      assert.equal(all[2][0], 'n-1');
      assert.deepEqual((await store.listMessages({}, { limit: 1 })).items, [log[4]]);
      assert.deepEqual(await store.listMessages({ profileId: 'n-none' }, { limit: 5 }), {
        items: [],
        next: null,
      });
      await assert.rejects(store.listMessages({}, { limit: 5, after: 'x' }), InvalidCursorError);
    });

    it('moves a visitor’s messages to the profile they merged into', async () => {
      const store = getStore();
      await store.transaction((tx) =>
        tx.insertMessages([
          makeMessage('v-1', { profileId: 'anon:v', state: 'sent', sentAt: at, createdAt: at }),
        ]),
      );
      await store.transaction(async (tx) => {
        await tx.reassignMessages('anon:v', 'n-a');
        await tx.reassignMessages('n-a', 'n-a');
        await tx.deleteProfiles(['anon:v']);
      });
      assert.deepEqual(await pages(store, { profileId: 'anon:v' }, 5), [[]]);
      assert.equal((await store.getMessage('v-1'))?.profileId, 'n-a');
      const caps = await store.transaction((tx) => tx.recentSends(['n-a'], at));
      assert.deepEqual(
        caps.map((r) => r.at),
        [at],
      );
    });
  });
});

forEachStore('store contract: consent', (getStore) => {
  it('upserts whole records, the last of a batch winning, and reads them back', async () => {
    const store = getStore();
    const ada = makeConsent('c-ada', {
      unsubscribedTopics: ['tips'],
      subscribedTopics: ['beta'],
      suppressedChannels: ['email'],
    });
    await store.transaction((tx) =>
      tx.putConsents([{ ...ada, unsubscribedAll: true }, ada, makeConsent('c-bob')]),
    );
    assert.deepEqual(await store.getConsent('c-ada'), ada);
    assert.equal(await store.getConsent('c-nobody'), null);
    const again = { ...ada, unsubscribedAll: true, unsubscribedTopics: [], updatedAt: T0 + 9 };
    await store.transaction((tx) => tx.putConsents([again]));
    const found = await store.transaction((tx) => tx.getConsents(['c-ada', 'c-bob', 'c-x']));
    assert.deepEqual(
      new Map(found),
      new Map([
        ['c-ada', again],
        ['c-bob', makeConsent('c-bob')],
      ]),
    );
    await store.transaction((tx) => tx.putConsents([]));
    assert.equal((await store.transaction((tx) => tx.getConsents([]))).size, 0);
  });

  it('merges a visitor’s consent into the identified user’s: every restriction holds', async () => {
    const store = getStore();
    await store.transaction((tx) =>
      tx.putConsents([
        makeConsent('anon:1', {
          unsubscribedTopics: ['tips'],
          subscribedTopics: ['beta', 'digest'],
          suppressedChannels: ['email'],
          updatedAt: T0 + 5,
        }),
        makeConsent('m-user', {
          unsubscribedAll: true,
          unsubscribedTopics: ['digest'],
          subscribedTopics: ['tips', 'events'],
          updatedAt: T0 + 2,
        }),
        makeConsent('anon:2', { subscribedTopics: ['beta'], updatedAt: T0 + 1 }),
      ]),
    );
    await store.transaction(async (tx) => {
      await tx.reassignConsent('anon:1', 'm-user');
      await tx.reassignConsent('anon:2', 'm-new');
      await tx.reassignConsent('anon:none', 'm-user');
      await tx.reassignConsent('m-user', 'm-user');
    });
    assert.equal(await store.getConsent('anon:1'), null);
    assert.equal(await store.getConsent('anon:2'), null);
    const merged = (await store.getConsent('m-user'))!;
    assert.deepEqual(
      {
        ...merged,
        unsubscribedTopics: [...merged.unsubscribedTopics].sort(),
        subscribedTopics: [...merged.subscribedTopics].sort(),
      },
      makeConsent('m-user', {
        unsubscribedAll: true,
        unsubscribedTopics: ['digest', 'tips'],
        subscribedTopics: ['beta', 'events'],
        suppressedChannels: ['email'],
        updatedAt: T0 + 5,
      }),
    );
    assert.deepEqual(
      await store.getConsent('m-new'),
      makeConsent('m-new', { subscribedTopics: ['beta'], updatedAt: T0 + 1 }),
    );
  });
});
