import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import type { IncomingEvent, StoredEvent } from '../../src/core/types.js';
import { startCairn } from '../../src/runtime/cairn.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { startCairnProcess, startFixedClockCairn } from '../support/cairn-process.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';

/**
 * A Cairn process under load is killed with SIGKILL; after a restart every event it had
 * acknowledged is stored exactly once, and each profile counts exactly its stored events. With
 * the example workspace on a clock standing still, the state it leaves is the state of the same
 * events applied without a crash: every profile and account, every journey run and message.
 */
const WRITE_KEY = 'wk_crash';
const USERS = 25;

for (const dialect of selectedDialects()) {
  describe(`crash safety (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-crash-'));
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every acknowledged event after a SIGKILL under load', async () => {
      // A journey per user on their tenth task: runs and messages must come through exact too.
      const config = join(dir, 'cairn.yaml');
      writeFileSync(
        config,
        [
          'milestones:',
          '  tenth_task: { event: Task Completed, times: 10 }',
          'journeys:',
          '  congrats:',
          '    trigger: { milestone: tenth_task }',
          '    steps:',
          '      - { id: hello, send: congrats }',
        ].join('\n'),
      );
      // A journey's template must exist, or the process refuses to start.
      mkdirSync(join(dir, 'templates'));
      writeFileSync(
        join(dir, 'templates', 'congrats.mjml.liquid'),
        '---\nsubject: Ten tasks done\n---\n<p>{{ user.counters["Task Completed"].count }} tasks completed.</p>\n',
      );
      const env: Record<string, string> = {
        CAIRN_WRITE_KEY: WRITE_KEY,
        CAIRN_ADMIN_KEY: 'ak_crash',
        CAIRN_CONFIG: config,
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      } else {
        env.CAIRN_DB = join(dir, 'crash.db');
      }

      const server = await startCairnProcess(env);
      const acknowledged: string[] = [];
      let sent = 0;
      let stop = false;
      const auth = 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64');
      const worker = async (w: number) => {
        while (!stop) {
          const batch = Array.from({ length: 50 }, (_, i) => ({
            type: 'track',
            userId: `user-${(w * 50 + i + sent) % USERS}`,
            event: 'Task Completed',
            messageId: `crash-${w}-${sent}-${i}`,
          }));
          sent += 1;
          try {
            const res = await fetch(`${server.address}/v1/batch`, {
              method: 'POST',
              headers: { authorization: auth, 'content-type': 'application/json' },
              body: JSON.stringify({ batch }),
            });
            if (res.status === 200) acknowledged.push(...batch.map((e) => e.messageId));
          } catch {
            return; // the server is gone: whatever was not acknowledged may be lost
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      // Kill once a good amount is acknowledged, with requests still in flight.
      while (acknowledged.length < 5_000) {
        assert.equal(server.child.exitCode, null, `cairn stopped early:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await server.kill();
      stop = true;
      await Promise.all(workers);
      assert.ok(sent * 50 > acknowledged.length, 'some requests were in flight at the kill');

      const restarted = await startCairnProcess(env);
      await restarted.stop();

      const store = await openStore(
        dialect === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { file: env.CAIRN_DB },
      );
      try {
        for (const id of acknowledged)
          assert.ok(await store.hasEvent(id), `acknowledged event ${id} lost`);
        const stored = await store.countEvents();
        const internal = (await store.readEvents(0, 1_000_000)).filter(
          (e) => e.source === 'internal',
        ).length;
        assert.ok(stored >= acknowledged.length);
        let counted = 0;
        for (let u = 0; u < USERS; u++) {
          const profile = await store.getProfile(`user-${u}`);
          counted += profile?.counters['Task Completed']?.count ?? 0;
        }
        assert.equal(counted, stored - internal, 'profiles count exactly the stored events');
        // Every user past ten tasks entered the journey once and has exactly one message.
        for (let u = 0; u < USERS; u++) {
          const runs = await store.listRuns({ profileId: `user-${u}` }, { limit: 10 });
          const messages = await store.listMessages({ profileId: `user-${u}` }, { limit: 10 });
          const tasks =
            (await store.getProfile(`user-${u}`))?.counters['Task Completed']?.count ?? 0;
          const expected = tasks >= 10 ? 1 : 0;
          assert.equal(runs.items.length, expected, `user-${u} runs`);
          assert.equal(messages.items.length, expected, `user-${u} messages`);
        }
      } finally {
        await store.close();
      }
    });

    it('leaves, after a SIGKILL, the state of the same events applied without a crash', async () => {
      const example = fileURLToPath(new URL('../../../examples/saas', import.meta.url));
      const workspace = existsSync(join(example, 'cairn.yaml'))
        ? example
        : fileURLToPath(new URL('../../examples/saas', import.meta.url));
      // Every evaluation, in each process and in the reference, happens at this moment; the calls
      // are dated in the twenty minutes before it (older ones would start no journey).
      const now = Date.UTC(2026, 5, 1, 12, 0, 0);
      const env = (name: string, database: string | null): Record<string, string> => ({
        CAIRN_WRITE_KEY: 'wk_state',
        CAIRN_SERVER_WRITE_KEY: SERVER_KEY,
        CAIRN_ADMIN_KEY: 'ak_state',
        CAIRN_CONFIG: join(workspace, 'cairn.yaml'),
        CAIRN_OUTBOX_DIR: join(dir, `outbox-${name}`),
        ...(database ? { DATABASE_URL: database } : { CAIRN_DB: join(dir, `${name}.db`) }),
      });
      const database = async () => {
        if (dialect !== 'postgres') return null;
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        return db.url;
      };
      const crashedEnv = env('state-crashed', await database());
      const server = await startFixedClockCairn(crashedEnv, now);
      const acknowledged: string[] = [];
      let stop = false;
      // Each sender owns its users and sends each user's calls in order, numbered by `n`.
      const worker = async (w: number) => {
        const sent = new Map<string, number>();
        for (let round = 0; !stop; round++) {
          const batch = Array.from({ length: 40 }, (_, i) => {
            const userId = `u-${w}-${(round * 40 + i) % 30}`;
            const n = sent.get(userId) ?? 0;
            sent.set(userId, n + 1);
            return stateCall(userId, n, `s-${w}-${round}-${i}`, now - 20 * 60_000 + n * 1_000);
          });
          try {
            const res = await fetch(`${server.address}/v1/batch`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${SERVER_KEY}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ batch }),
            });
            if (res.status === 200) acknowledged.push(...batch.map((e) => e.messageId));
            else return; // refused: nothing after it may be sent, or a user's order would break
          } catch {
            return;
          }
        }
      };
      const workers = Array.from({ length: 4 }, (_, w) => worker(w));
      while (acknowledged.length < 2_000) {
        assert.equal(server.child.exitCode, null, `cairn stopped early:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await server.kill();
      stop = true;
      await Promise.all(workers);
      const restarted = await startFixedClockCairn(crashedEnv, now);
      await restarted.stop();

      const crashed = await openStore(
        dialect === 'postgres'
          ? { databaseUrl: crashedEnv.DATABASE_URL }
          : { file: crashedEnv.CAIRN_DB },
      );
      // The reference: the events the crashed log holds, in its order, applied by one process
      // that is never interrupted, at the same moment.
      const referenceEnv = env('state-reference', await database());
      const reference = await startCairn(
        readSettings(
          { config: referenceEnv.CAIRN_CONFIG, db: referenceEnv.CAIRN_DB, port: '0' },
          referenceEnv,
        ),
        pino({ level: 'silent' }),
        new FakeClock(now),
      );
      try {
        const log = await crashed.readEvents(0, 1_000_000);
        const received = log.filter((e) => e.source !== 'internal');
        const stored = new Set(received.map((e) => e.messageId));
        for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged event ${id} lost`);
        assert.equal(stored.size, received.length, 'each event stored once');
        // Per user, the calls are in the log in the order they were sent.
        const last = new Map<string, number>();
        for (const event of received) {
          const n = Number(event.properties.n);
          assert.ok(
            n > (last.get(event.profileId) ?? -1),
            `${event.profileId}: call ${n} out of order`,
          );
          last.set(event.profileId, n);
        }
        for (let i = 0; i < received.length; i += 100) {
          await reference.writer.submit(received.slice(i, i + 100).map(asIncoming));
        }
        await reference.writer.flush();

        const users = [...last.keys()].sort();
        assert.ok(users.length >= 30, 'the load reached many users');
        for (const id of users) {
          assert.deepEqual(
            await crashed.getProfile(id),
            await reference.store.getProfile(id),
            `profile and state of ${id}`,
          );
        }
        const accounts = [...new Set(received.flatMap((e) => (e.groupId ? [e.groupId] : [])))];
        for (const id of accounts) {
          assert.deepEqual(await crashed.getAccount(id), await reference.store.getAccount(id), id);
        }
        // The same state changes, journey runs and messages: none lost, none doubled.
        const changes = (events: StoredEvent[]) =>
          events
            .filter((e) => e.source === 'internal')
            .map((e) => `${e.messageId} ${e.event} ${JSON.stringify(e.properties)}`)
            .sort();
        assert.deepEqual(changes(log), changes(await reference.store.readEvents(0, 1_000_000)));
        let messages = 0;
        for (const id of users) {
          const [runsAfterCrash, runs] = await Promise.all(
            [crashed, reference.store].map((store) => effectsOf(store, id)),
          );
          assert.deepEqual(runsAfterCrash, runs, `journey runs and messages of ${id}`);
          messages += runs.messages.length;
        }
        assert.ok(messages > 0, 'the load queued messages');
      } finally {
        await crashed.close();
        await reference.close();
      }
    });
  });
}

const SERVER_KEY = 'sk_state';
const NAMES = [
  'Data Source Connected',
  'Report Created',
  'Report Shared',
  'Task Completed',
  'Project Created',
  'Teammate Invited',
  'Logged In',
  'Integration Configured',
];

/** A user's call number `n`: an identify, Signed Up, then tracks in their account. */
function stateCall(userId: string, n: number, messageId: string, at: number) {
  const common = { userId, messageId, timestamp: new Date(at).toISOString() };
  if (n === 0) {
    return {
      ...common,
      type: 'identify',
      traits: { email: `${userId}@example.com`, plan: 'trial' },
      context: { groupId: `acct-${userId.length % 3}` },
      properties: { n },
    };
  }
  return {
    ...common,
    type: 'track',
    event: n === 1 ? 'Signed Up' : NAMES[(n * 7 + userId.length) % NAMES.length],
    properties: { n, type: 'postgres' },
    context: { groupId: `acct-${userId.length % 3}` },
  };
}

/** A stored event handed to ingest again, as it first arrived. */
function asIncoming({ seq: _seq, profileId: _profile, ...event }: StoredEvent): IncomingEvent {
  return event;
}

/** A user's journey runs and messages, by id, with what does not depend on delivery timing. */
async function effectsOf(store: Store, profileId: string) {
  const runs = await store.listRuns({ profileId }, { limit: 500 });
  const messages = await store.listMessages({ profileId }, { limit: 500 });
  return {
    runs: runs.items.map((r) => `${r.id} ${r.journeyId} ${r.status}`).sort(),
    messages: messages.items.map((m) => `${m.id} ${m.template} ${m.channel}`).sort(),
  };
}
