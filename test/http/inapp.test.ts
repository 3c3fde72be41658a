import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { asUser, hashOf, inappHarness, type InAppHarness } from '../inapp/inapp-fixtures.js';
import { forEachStore } from '../support/test-stores.js';

const HOUR = 3_600_000;

/** The end-user in-app API through the real runtime: ingest → journeys → delivery → inbox. */
forEachStore('in-app API', (getStore: () => Store) => {
  let h: InAppHarness;
  const get = (url: string, headers: Record<string, string> = {}) =>
    h.t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string> = {}) =>
    h.t.app.inject({ method: 'POST', url, headers });

  before(async () => {
    h = await inappHarness(getStore());
  });
  after(async () => {
    await h.close();
  });

  describe('authentication', () => {
    it('answers 401 without a user, with a wrong hash, or a hash of another user', async () => {
      const cases: Record<string, string>[] = [
        {},
        { 'x-cairn-user': 'ada' },
        { 'x-cairn-user': 'ada', 'x-cairn-user-hash': 'f'.repeat(64) },
        { 'x-cairn-user': 'ada', 'x-cairn-user-hash': hashOf('bob') },
        { 'x-cairn-user': 'ada', 'x-cairn-user-hash': 'not hex' },
      ];
      for (const headers of cases) {
        for (const url of ['/v1/inapp/messages', '/v1/inapp/checklist']) {
          const res = await get(url, headers);
          assert.equal(res.statusCode, 401, `${url} ${JSON.stringify(headers)}`);
          assert.equal(res.json().error.code, 'unauthorized');
          assert.equal(res.headers['access-control-allow-origin'], '*');
        }
      }
      assert.equal((await post('/v1/inapp/messages/x/read')).statusCode, 401);
      assert.equal((await post('/v1/inapp/messages/x/dismiss')).statusCode, 401);
    });

    it('takes the user from headers, or from the query string as the widget sends it', async () => {
      const byHeaders = await get('/v1/inapp/messages', asUser('nobody-yet'));
      assert.equal(byHeaders.statusCode, 200);
      assert.deepEqual(byHeaders.json(), { items: [], unread: 0, next: null });
      const query = `userId=nobody-yet&userHash=${hashOf('nobody-yet')}`;
      assert.equal((await get(`/v1/inapp/messages?${query}`)).statusCode, 200);
      assert.equal((await get(`/v1/inapp/checklist?${query}`)).statusCode, 200);
    });

    it('answers CORS preflights for the headers, and unknown paths in the API’s shape', async () => {
      const res = await h.t.app.inject({
        method: 'OPTIONS',
        url: '/v1/inapp/messages',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'x-cairn-user,x-cairn-user-hash',
        },
      });
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-allow-headers']), /x-cairn-user-hash/);
      assert.match(String(res.headers['access-control-allow-methods']), /POST/);
      const missing = await get('/v1/inapp/nothing', asUser('ada'));
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'not_found');
    });
  });

  describe('the inbox', () => {
    it('lists delivered in-app messages newest first, rendered for the user, with the unread count', async () => {
      await h.identify('ada', { first_name: 'Ada', email: 'ada@example.com' });
      await h.track('ada', 'Signed Up', { plan: 'Team & Co' });
      // Queued but not delivered yet: not in the inbox.
      assert.deepEqual((await get('/v1/inapp/messages', asUser('ada'))).json().items, []);
      await h.worker.sweepDue();
      h.t.clock.advance(HOUR);
      await h.track('ada', 'Data Source Connected', { type: 'PostgreSQL' });
      await h.worker.sweepDue();

      const res = await get('/v1/inapp/messages', asUser('ada'));
      assert.equal(res.statusCode, 200);
      const { items, unread, next } = res.json();
      assert.equal(unread, 2);
      assert.equal(next, null);
      assert.deepEqual(
        items.map((m: { title: string }) => m.title),
        ['Your PostgreSQL data is in', 'Welcome, Ada'],
      );
      const welcome = items[1];
      assert.equal(welcome.body, '<p>Your <b>Team &amp; Co</b> trial starts with your data.</p>');
      assert.deepEqual(welcome.cta, {
        label: 'Connect a source',
        url: '/sources/new?plan=Team+%26+Co',
      });
      assert.deepEqual(
        [welcome.read, welcome.readAt, welcome.dismissed, welcome.dismissedAt],
        [false, null, false, null],
      );
      assert.equal(welcome.journey, 'welcome_tip');
      assert.equal(welcome.template, 'welcome_tip');
      assert.equal(welcome.sentAt, new Date(Date.UTC(2026, 0, 5, 12)).toISOString());
      assert.equal(items[0].cta, null);

      const paged = (await get('/v1/inapp/messages?limit=1', asUser('ada'))).json();
      assert.equal(paged.items.length, 1);
      const rest = (
        await get(`/v1/inapp/messages?limit=1&after=${paged.next}`, asUser('ada'))
      ).json();
      assert.equal(rest.items[0].title, 'Welcome, Ada');
      assert.equal((await get('/v1/inapp/messages?limit=101', asUser('ada'))).statusCode, 400);
      // Another user sees none of it.
      assert.deepEqual((await get('/v1/inapp/messages', asUser('bob'))).json().items, []);
    });

    it('marks read, then dismissed, keeping the first times, and counts down', async () => {
      const [newest, oldest] = (await get('/v1/inapp/messages', asUser('ada'))).json().items;
      const url = (id: string, verb: string) =>
        `/v1/inapp/messages/${encodeURIComponent(id)}/${verb}`;
      h.t.clock.advance(HOUR);
      const read = await post(url(newest.id, 'read'), asUser('ada'));
      assert.equal(read.statusCode, 200);
      const readAt = new Date(h.t.clock.now()).toISOString();
      assert.deepEqual(read.json(), {
        id: newest.id,
        read: true,
        readAt,
        dismissed: false,
        dismissedAt: null,
        unread: 1,
      });
      h.t.clock.advance(HOUR);
      assert.equal((await post(url(newest.id, 'read'), asUser('ada'))).json().readAt, readAt);

      const dismissed = (await post(url(oldest.id, 'dismiss'), asUser('ada'))).json();
      assert.deepEqual([dismissed.read, dismissed.dismissed, dismissed.unread], [true, true, 0]);
      const listed = (await get('/v1/inapp/messages', asUser('ada'))).json();
      assert.deepEqual(
        listed.items.map((m: { id: string; read: boolean }) => [m.id, m.read]),
        [[newest.id, true]],
      );
      assert.equal(listed.unread, 0);
      const all = (await get('/v1/inapp/messages?includeDismissed=true', asUser('ada'))).json();
      assert.deepEqual(
        all.items.map((m: { id: string; dismissed: boolean }) => [m.id, m.dismissed]),
        [
          [newest.id, false],
          [oldest.id, true],
        ],
      );
    });

    it('answers 404 for another user’s message or an unknown one', async () => {
      const [message] = (await get('/v1/inapp/messages', asUser('ada'))).json().items;
      const url = `/v1/inapp/messages/${encodeURIComponent(message.id)}/read`;
      await h.identify('bob', { first_name: 'Bob' });
      assert.equal((await post(url, asUser('bob'))).statusCode, 404);
      assert.equal((await post(url, asUser('stranger'))).statusCode, 404);
      assert.equal((await post('/v1/inapp/messages/nope/dismiss', asUser('ada'))).statusCode, 404);
    });
  });

  describe('the next-login tip (P2: after the collaboration email)', () => {
    it('holds the tip until the next login, then it is new in the inbox', async () => {
      await h.identify('kim', { first_name: 'Kim', email: 'kim@example.com' });
      await h.track('kim', 'Report Created', { name: 'Q3 pipeline' });
      await h.worker.sweepDue();
      const log = async () =>
        (await getStore().listMessages({ profileId: 'kim' }, { limit: 10 })).items.map((m) => [
          m.template,
          m.state,
        ]);
      assert.deepEqual(await log(), [['collaboration_email', 'sent']]);
      const inbox = async () => (await get('/v1/inapp/messages', asUser('kim'))).json();
      assert.deepEqual((await inbox()).items, []);

      // Still in the same session: other events do not show it.
      h.t.clock.advance(2 * HOUR);
      await h.track('kim', 'Project Created');
      await h.worker.sweepDue();
      assert.deepEqual((await inbox()).items, []);

      h.t.clock.advance(20 * HOUR);
      await h.track('kim', 'Logged In');
      await h.worker.sweepDue();
      const after = await inbox();
      assert.equal(after.unread, 1);
      assert.equal(after.items[0].title, 'Share “Q3 pipeline” with a teammate');
      assert.equal(after.items[0].sentAt, new Date(h.t.clock.now()).toISOString());
      assert.deepEqual(await log(), [
        ['collaboration_tip', 'sent'],
        ['collaboration_email', 'sent'],
      ]);
    });

    it('never shows it when the report was shared before the login', async () => {
      await h.identify('lou', { first_name: 'Lou', email: 'lou@example.com' });
      await h.track('lou', 'Report Created', { name: 'Churn' });
      h.t.clock.advance(HOUR);
      await h.track('lou', 'Report Shared');
      h.t.clock.advance(HOUR);
      await h.track('lou', 'Logged In');
      await h.worker.sweepDue();
      assert.deepEqual((await get('/v1/inapp/messages', asUser('lou'))).json().items, []);
    });
  });

  describe('the checklist', () => {
    it('shows the default list with nothing done to a user not seen yet', async () => {
      const res = await get('/v1/inapp/checklist', asUser('newcomer'));
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        persona: null,
        items: [
          {
            milestone: 'source_connected',
            label: 'Connect a data source',
            description: null,
            link: '/sources/new',
            done: false,
            doneAt: null,
          },
          {
            milestone: 'report_created',
            label: 'Create your first report',
            description: null,
            link: '/reports/new',
            done: false,
            doneAt: null,
          },
          {
            milestone: 'report_shared',
            label: 'Share a report with a teammate',
            description: null,
            link: null,
            done: false,
            doneAt: null,
          },
        ],
        progress: { done: 0, total: 3, percent: 0 },
      });
    });

    it('marks reached milestones done with their time, and follows the persona', async () => {
      const list = async (user: string) => (await get('/v1/inapp/checklist', asUser(user))).json();
      const ada = await list('ada');
      assert.deepEqual(
        ada.items.map((i: { milestone: string; done: boolean }) => [i.milestone, i.done]),
        [
          ['source_connected', true],
          ['report_created', false],
          ['report_shared', false],
        ],
      );
      assert.equal(ada.items[0].doneAt, new Date(Date.UTC(2026, 0, 5, 13)).toISOString());
      assert.deepEqual(ada.progress, { done: 1, total: 3, percent: 33 });

      // An API integration makes Ada technical: her list becomes the technical one.
      await h.track('ada', 'Integration Configured');
      const technical = await list('ada');
      assert.equal(technical.persona, 'technical');
      assert.deepEqual(
        technical.items.map((i: { label: string; done: boolean }) => [i.label, i.done]),
        [
          ['Set up the API', true],
          ['Connect a data source', true],
        ],
      );
      assert.deepEqual(technical.progress, { done: 2, total: 2, percent: 100 });
    });
  });
});

forEachStore('in-app API with CAIRN_INAPP_ORIGINS', (getStore: () => Store) => {
  let h: InAppHarness;
  before(async () => {
    h = await inappHarness(getStore(), { inappOrigins: ['https://app.example.com'] });
  });
  after(async () => {
    await h.close();
  });

  it('answers a listed origin with its name, and refuses any other', async () => {
    const from = (origin: string) =>
      h.t.app.inject({
        method: 'GET',
        url: '/v1/inapp/messages',
        headers: { ...asUser('ada'), origin },
      });
    const allowed = await from('https://app.example.com');
    assert.equal(allowed.statusCode, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(allowed.headers.vary, 'Origin');
    const refused = await from('https://evil.example.net');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'origin_not_allowed');
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    // Server-to-server calls send no Origin: the hash alone decides.
    const backend = await h.t.app.inject({
      method: 'GET',
      url: '/v1/inapp/messages',
      headers: asUser('ada'),
    });
    assert.equal(backend.statusCode, 200);
  });
});
