import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachStore } from '../support/test-stores.js';

const T = Date.UTC(2026, 2, 2, 10);
const HOUR = 3_600_000;

forEachStore('store contract: team members, sessions, audit log', (getStore) => {
  it('adds members once, lists them by email and counts them', async () => {
    const store = getStore();
    assert.equal(await store.team.countMembers(), 0);
    const ada = {
      email: 'ada@example.com',
      role: 'admin' as const,
      passwordHash: 'scrypt$x',
      createdAt: T,
    };
    assert.equal(await store.team.addMember(ada), true);
    assert.equal(await store.team.addMember({ ...ada, role: 'viewer' }), false);
    await store.team.addMember({
      email: 'bo@example.com',
      role: 'viewer',
      passwordHash: 'scrypt$y',
      createdAt: T + 1,
    });
    assert.equal(await store.team.countMembers(), 2);
    assert.deepEqual(await store.team.getMember('ada@example.com'), ada);
    assert.equal(await store.team.getMember('nobody@example.com'), null);
    assert.deepEqual(
      (await store.team.listMembers()).map((m) => [m.email, m.role]),
      [
        ['ada@example.com', 'admin'],
        ['bo@example.com', 'viewer'],
      ],
    );
  });

  it('finds a session until it expires, with its member role, and forgets it when deleted', async () => {
    const store = getStore();
    await store.team.addMember({
      email: 'cy@example.com',
      role: 'viewer',
      passwordHash: 'h',
      createdAt: T,
    });
    const session = {
      tokenHash: 'th1',
      email: 'cy@example.com',
      csrfToken: 'c1',
      createdAt: T,
      expiresAt: T + HOUR,
    };
    await store.team.createSession(session);
    await store.team.createSession({ ...session, tokenHash: 'th2', expiresAt: T + 2 * HOUR });
    assert.deepEqual(await store.team.findSession('th1', T + 1), { ...session, role: 'viewer' });
    assert.equal(await store.team.findSession('th1', T + HOUR), null, 'expired at expiresAt');
    assert.equal(await store.team.findSession('nope', T), null);
    assert.equal(await store.team.deleteExpiredSessions(T + HOUR), 1);
    assert.equal(await store.team.findSession('th1', T), null);
    await store.team.deleteSession('th2');
    assert.equal(await store.team.findSession('th2', T), null);
  });

  it('appends audit entries and pages them newest first', async () => {
    const store = getStore();
    for (let i = 0; i < 5; i++) {
      await store.team.appendAudit({
        at: T + i,
        actor: 'member:ada@example.com',
        action: `POST /api/x/${i}`,
        target: i % 2 ? null : `/api/x/${i}`,
        status: 200 + i,
      });
    }
    const first = await store.team.listAudit(3);
    assert.deepEqual(
      first.map((e) => e.action),
      ['POST /api/x/4', 'POST /api/x/3', 'POST /api/x/2'],
    );
    assert.deepEqual(
      { ...first[1], id: 0 },
      {
        id: 0,
        at: T + 3,
        actor: 'member:ada@example.com',
        action: 'POST /api/x/3',
        target: null,
        status: 203,
      },
    );
    const next = await store.team.listAudit(3, first[2]!.id);
    assert.deepEqual(
      next.map((e) => e.at),
      [T + 1, T],
    );
  });
});
