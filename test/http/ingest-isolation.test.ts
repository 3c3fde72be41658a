import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { applyEvents } from '../../src/runtime/apply-events.js';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

/** A body nested `levels` deep, 6 bytes a level: 5,000 levels fit in 32 KB. */
const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/**
 * One bad event never fails another (issue #11, item 2), over HTTP with requests in flight
 * together so they share group commits. Two kinds of bad event: one nested 5,000 levels deep
 * (refused at validation, 400 naming the path), and one that passes validation but makes
 * applying its group throw. Only a failure put in by the test can still reach the commit now
 * that validation catches the real ones, so the writer is given an applyEvents that runs the
 * real one and then throws if the group holds an event marked `explode` — after the group's
 * writes, which the rollback must undo.
 */
forEachStore('ingest: one bad event fails no other', (getStore: () => Store) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(getStore(), {
      writer: {
        applyEvents: async (tx, events, options) => {
          const applied = await applyEvents(tx, events, options);
          if (events.some((e) => e.properties.explode === true))
            throw new TypeError('applying this event failed');
          return applied;
        },
      },
    });
  });
  after(async () => {
    await t.app.close();
  });

  const post = (url: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...t.sdk, 'content-type': 'application/json' },
    });

  it('answers every good event 200 and stores it, beside deep and throwing ones', async () => {
    const good: string[] = [];
    const exploding: string[] = [];
    const requests: { url: string; body: string; bad: number[]; kind: string }[] = [];
    for (let r = 0; r < 40; r++) {
      const events: string[] = [];
      const bad: number[] = [];
      for (let i = 0; i < 10; i++) {
        const messageId = `ok-${r}-${i}`;
        good.push(messageId);
        events.push(
          JSON.stringify({ type: 'track', userId: `u${(r + i) % 13}`, event: 'Ok', messageId }),
        );
      }
      if (r % 5 === 1) {
        bad.push(3);
        events.splice(
          3,
          0,
          `{"type":"track","userId":"d${r}","event":"Deep","properties":${deep(5000)}}`,
        );
      }
      if (r % 5 === 3) {
        const messageId = `explode-${r}`;
        exploding.push(messageId);
        bad.push(7);
        events.splice(
          7,
          0,
          JSON.stringify({
            type: 'track',
            userId: `u${r % 13}`,
            event: 'Boom',
            messageId,
            properties: { explode: true },
          }),
        );
      }
      requests.push({
        url: '/v1/batch',
        body: `{"batch":[${events.join(',')}]}`,
        bad,
        kind: 'batch',
      });
    }
    // Single calls too: a good one, a deep one, and one that throws.
    for (let r = 0; r < 5; r++) {
      good.push(`single-${r}`);
      requests.push({
        url: '/v1/track',
        body: JSON.stringify({ userId: 's', event: 'Ok', messageId: `single-${r}` }),
        bad: [],
        kind: 'ok',
      });
      requests.push({
        url: '/v1/track',
        body: `{"userId":"s","event":"Deep","properties":${deep(5000)}}`,
        bad: [0],
        kind: 'deep',
      });
      exploding.push(`single-explode-${r}`);
      requests.push({
        url: '/v1/track',
        body: JSON.stringify({
          userId: 's',
          event: 'Boom',
          messageId: `single-explode-${r}`,
          properties: { explode: true },
        }),
        bad: [0],
        kind: 'explode',
      });
    }
    const responses = await Promise.all(requests.map((r) => post(r.url, r.body)));

    responses.forEach((res, n) => {
      const request = requests[n]!;
      if (request.kind === 'ok' || (request.kind === 'batch' && !request.bad.length)) {
        assert.equal(res.statusCode, 200, `${request.url}: ${res.body}`);
      } else if (request.kind === 'batch') {
        assert.equal(res.statusCode, 400, res.body);
        const body = res.json();
        assert.equal(body.stored, 10, 'the batch’s good events are stored');
        assert.deepEqual(
          body.rejected.map((x: { index: number }) => x.index),
          request.bad,
        );
      } else if (request.kind === 'deep') {
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(res.json().error.fields, [
          { field: 'properties.a.a.a.a…', message: 'nested deeper than 32 levels' },
        ]);
      } else {
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().error.code, 'event_not_applied');
        assert.match(res.json().error.message, /applying this event failed.*dead letter/);
      }
    });
    const deepInBatch = responses.find(
      (_, n) =>
        requests[n]!.kind === 'batch' &&
        requests[n]!.url === '/v1/batch' &&
        requests[n]!.bad[0] === 3,
    )!;
    assert.equal(deepInBatch.json().rejected[0].errors[0].field, 'batch[3].properties.a.a.a.a…');

    const store = getStore();
    assert.equal(await store.countEvents(), good.length, 'exactly the good events are stored');
    for (const id of good) assert.ok(await store.hasEvent(id), `${id} stored`);
    // What the exploding events' groups wrote before throwing was rolled back with them.
    for (const id of exploding) assert.equal(await store.hasEvent(id), false);
    const profile = (await store.getProfile('u3'))!;
    assert.equal(profile.counters.Boom, undefined);

    const letters = await t.app.inject({
      method: 'GET',
      url: '/api/dead-letters?limit=500',
      headers: t.admin,
    });
    assert.equal(letters.statusCode, 200);
    const items = letters.json().items as {
      messageId: string;
      error: string;
      event: { properties: unknown };
    }[];
    assert.deepEqual(items.map((l) => l.messageId).sort(), [...exploding].sort());
    for (const letter of items) {
      assert.equal(letter.error, 'TypeError: applying this event failed');
      assert.deepEqual(letter.event.properties, { explode: true });
    }
    const refused = await t.app.inject({ method: 'GET', url: '/api/dead-letters', headers: t.sdk });
    assert.equal(refused.statusCode, 401, 'only the admin key reads dead letters');
  });
});
