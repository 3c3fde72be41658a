import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { LISTED_ADDRESS } from '../../src/runtime/delivery/listed-addresses.js';
import type { Store } from '../../src/store/store.js';
import { makeMessage, T0 } from '../store/journey-fixtures.js';
import { forEachStore } from '../support/test-stores.js';
import { consentHarness, type ConsentHarness } from './consent-fixtures.js';

const USER = 'zoe-7f3a';
const ADDRESS = 'zoe.private@privacy.test';

/** The text of every file in the dev outbox. */
async function outboxTexts(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  return Promise.all(names.map((n) => readFile(join(dir, n), 'latin1')));
}

forEachStore('data-subject rights API', (getStore: () => Store, context) => {
  let h: ConsentHarness;
  const api = (method: 'GET' | 'DELETE', url: string, headers = h.t.admin) =>
    h.t.app.inject({ method, url, headers });

  before(async () => {
    h = await consentHarness(getStore());
    await h.send('/v1/identify', { userId: USER, traits: { email: ADDRESS, first_name: 'Zoe' } });
    await h.send('/v1/track', { userId: USER, event: 'Tip Due' });
    await h.worker.sweepDue();
    // An in-app message delivered to the user, read.
    await getStore().transaction((tx) =>
      tx.insertMessages([
        makeMessage('inapp-zoe', {
          profileId: USER,
          channel: 'inapp',
          state: 'sent',
          sentAt: T0,
          payload: { note: `for ${ADDRESS}` },
        }),
      ]),
    );
    await getStore().transaction((tx) => tx.markInboxMessage(USER, 'inapp-zoe', 'read', T0 + 1));
    await getStore().transaction((tx) =>
      tx.putConsents([
        {
          profileId: USER,
          unsubscribedAll: false,
          unsubscribedTopics: ['announcements'],
          subscribedTopics: [],
          suppressedChannels: [],
          updatedAt: T0,
        },
      ]),
    );
    // The attack of the issue: every trait set to null leaves the address in events, messages
    // and the .eml file.
    await h.send('/v1/identify', { userId: USER, traits: { email: null, first_name: null } });
  });
  after(async () => h.close());

  it('exports everything held about the user as JSON', async () => {
    const store = getStore();
    const response = await api('GET', `/api/users/${USER}/export`);
    assert.equal(response.statusCode, 200);
    const data = response.json();
    assert.equal(data.profile.id, USER);
    assert.deepEqual(data.profile.traits, {});
    assert.equal(typeof data.state, 'object');
    // Against the store's own listings, read separately.
    const events = await store.profileEvents(USER, 0, 1000);
    assert.deepEqual(
      data.events.map((e: { messageId: string }) => e.messageId),
      events.map((e) => e.messageId),
    );
    assert.ok(data.events.some((e: { traits: { email?: string } }) => e.traits.email === ADDRESS));
    const messages = (await store.listMessages({ profileId: USER }, { limit: 500 })).items;
    assert.deepEqual(
      data.messages.map((m: { id: string }) => m.id).sort(),
      messages.map((m) => m.id).sort(),
    );
    assert.ok(
      data.messages.some(
        (m: { template: string; state: string }) => m.template === 'tip' && m.state === 'sent',
      ),
    );
    assert.deepEqual(data.inbox, [
      {
        id: 'inapp-zoe',
        template: 'welcome',
        sentAt: new Date(T0).toISOString(),
        readAt: new Date(T0 + 1).toISOString(),
        dismissedAt: null,
      },
    ]);
    assert.deepEqual(data.consent.unsubscribedTopics, ['announcements']);
    assert.deepEqual(
      data.runs.map((r: { journeyId: string }) => r.journeyId),
      ['tips'],
    );
    assert.equal((await api('GET', '/api/users/nobody/export')).statusCode, 404);
  });

  it('erases the user: no row or outbox file holds the address or the id any more', async () => {
    // Before: the database and the outbox hold both (the identify with null traits did not help).
    assert.match(await context.rawRows(), new RegExp(ADDRESS.replace('.', '\\.')));
    assert.ok((await outboxTexts(h.outboxDir)).some((text) => text.includes(ADDRESS)));

    const events = (await getStore().profileEvents(USER, 0, 1000)).length;
    assert.equal((await api('DELETE', `/api/users/${USER}`, h.t.sdk)).statusCode, 401);
    const response = await api('DELETE', `/api/users/${USER}`);
    assert.equal(response.statusCode, 200);
    const erased = response.json();
    assert.equal(erased.subjectHash, createHash('sha256').update(USER).digest('hex'));
    assert.equal(erased.actor, 'admin-api');
    assert.equal(erased.suppressedAddresses, 1);
    assert.equal(erased.outboxFiles, 1);
    assert.deepEqual(erased.rows, {
      profiles: 1,
      aliases: 0,
      events,
      messages: 2,
      runs: 1,
      consents: 1,
      memberships: 0,
    });

    const raw = await context.rawRows();
    assert.doesNotMatch(raw, /zoe/i);
    assert.deepEqual(
      (await outboxTexts(h.outboxDir)).filter((text) => /zoe/i.test(text)),
      [],
    );
    assert.equal((await api('GET', `/api/users/${USER}`)).statusCode, 404);
    assert.equal((await api('DELETE', `/api/users/${USER}`)).statusCode, 404);

    const log = (await api('GET', '/api/erasures')).json();
    assert.deepEqual(
      log.items.map((e: { id: string; subjectHash: string }) => [e.id, e.subjectHash]),
      [[erased.id, erased.subjectHash]],
    );
  });

  it('never mails the address again, under its old id or a new one, in any letter case', async () => {
    const store = getStore();
    const filesBefore = (await outboxTexts(h.outboxDir)).length;
    h.t.clock.advance(60_000);
    await h.send('/v1/identify', { userId: USER, traits: { email: ` ${ADDRESS.toUpperCase()}` } });
    await h.send('/v1/identify', { userId: 'zoe-again', traits: { email: ADDRESS } });
    await h.send('/v1/identify', {
      userId: 'other-person',
      traits: { email: 'other@privacy.test' },
    });
    for (const user of [USER, 'zoe-again', 'other-person'])
      await h.send('/v1/track', { userId: user, event: 'Digest Due' });
    await h.worker.sweepDue();
    const stateOf = async (user: string) => {
      const [message] = (await store.listMessages({ profileId: user }, { limit: 10 })).items;
      return [message.state, message.state === 'sent' ? 'sent' : message.reason];
    };
    assert.deepEqual(await stateOf(USER), ['suppressed', LISTED_ADDRESS]);
    assert.deepEqual(await stateOf('zoe-again'), ['suppressed', LISTED_ADDRESS]);
    assert.deepEqual(await stateOf('other-person'), ['sent', 'sent']);
    const texts = await outboxTexts(h.outboxDir);
    assert.equal(texts.length, filesBefore + 1);
    assert.ok(!texts.some((text) => text.toLowerCase().includes(ADDRESS)));
  });
});
