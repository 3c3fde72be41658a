/**
 * No prototype keys anywhere (issue #11, item 3): names that every JavaScript object inherits
 * or that replace its prototype, used as event names, trait and property names, form fields and
 * query parameters, go through ingest, the state engine (counters, milestones, score), templates
 * and the forms as plain data. A seeded property test: each run sends the same calls, and every
 * count is checked against one computed in plain code from what was sent.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildLinks } from '../../src/consent/build-links.js';
import { buildRenderContext } from '../../src/templates/build-render-context.js';
import { parseDefinitions } from '../../src/definitions/index.js';
import { LiquidRenderer } from '../../src/templates/liquid-renderer.js';
import type { Profile } from '../../src/core/types.js';
import type { Store } from '../../src/store/store.js';
import { seededRandom } from '../support/seeded-random.js';
import { testApp, WORKSPACE_SECRET, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';
import { removeTemplates, writeTemplates } from '../templates/template-fixtures.js';

const NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'isPrototypeOf',
  '__defineGetter__',
  'toLocaleString',
  'Ok',
] as const;

/** Milestones and score weights on events with those names. */
const definitions = parseDefinitions(
  `
milestones:
${NAMES.map((name, i) => `  m${i}: { event: ${JSON.stringify(name)} }`).join('\n')}
  m_twice: { event: "constructor", times: 2 }
score:
  half_life: 30d
  weights:
${NAMES.map((name) => `    ${JSON.stringify(name)}: 1`).join('\n')}
`,
  'prototype-keys.yaml',
);

const SEED = 0x5eed11;
const USERS = ['p1', 'p2', 'p3'];

forEachStore('prototype keys are plain data', (getStore: () => Store) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(getStore(), { definitions });
  });
  after(async () => {
    await t.app.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.admin });

  it('counts, derives and stores events, traits and properties with such names', async () => {
    const random = seededRandom(SEED);
    // The reference: what was sent, counted in plain code (Maps only).
    const counts = new Map<string, Map<string, number>>();
    const traits = new Map<string, Map<string, string>>();
    for (let i = 0; i < 240; i++) {
      const userId = random.pick(USERS);
      const name = random.pick(NAMES);
      const key = random.pick(NAMES);
      if (random.next() < 0.7) {
        // A JSON text, so a "__proto__" key reaches the server as a key, not as a prototype.
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/track',
          headers: { ...t.sdk, 'content-type': 'text/plain' },
          payload: `{"userId":${JSON.stringify(userId)},"event":${JSON.stringify(name)},"properties":{${JSON.stringify(key)}:${i}}}`,
        });
        assert.equal(res.statusCode, 200, res.body);
        const mine = counts.get(userId) ?? new Map<string, number>();
        mine.set(name, (mine.get(name) ?? 0) + 1);
        counts.set(userId, mine);
      } else {
        const value = `v${i}`;
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers: { ...t.sdk, 'content-type': 'text/plain' },
          payload: `{"userId":${JSON.stringify(userId)},"traits":{${JSON.stringify(key)}:${JSON.stringify(value)}}}`,
        });
        assert.equal(res.statusCode, 200, res.body);
        const mine = traits.get(userId) ?? new Map<string, string>();
        mine.set(key, value);
        traits.set(userId, mine);
      }
      // Nothing reached Object.prototype.
      assert.equal(Object.getOwnPropertyNames(Object.prototype).includes('count'), false);
      assert.equal(({} as Record<string, unknown>).count, undefined);
    }

    for (const userId of USERS) {
      const res = await get(`/api/users/${userId}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = JSON.parse(res.body) as {
        counters: Record<string, { count: number }>;
        traits: Record<string, unknown>;
      };
      const expected = counts.get(userId) ?? new Map<string, number>();
      for (const name of NAMES) {
        const counter = Object.hasOwn(body.counters, name) ? body.counters[name] : undefined;
        assert.equal(counter?.count ?? 0, expected.get(name) ?? 0, `${userId}: ${name} counted`);
      }
      for (const [key, value] of traits.get(userId) ?? []) {
        assert.ok(Object.hasOwn(body.traits, key), `${userId}: trait ${key} kept`);
        assert.equal(body.traits[key], value);
      }

      // Milestones on those events: reached exactly for the events the user sent.
      const state = await get(`/api/users/${userId}/state`);
      assert.equal(state.statusCode, 200, state.body);
      const milestones = JSON.parse(state.body).milestones as Record<string, { at: string }>;
      NAMES.forEach((name, i) => {
        const reached = Object.hasOwn(milestones, `m${i}`);
        assert.equal(reached, expected.has(name), `${userId}: milestone on ${name}`);
      });
      assert.equal(
        Object.hasOwn(milestones, 'm_twice'),
        (expected.get('constructor') ?? 0) >= 2,
        `${userId}: milestone on two "constructor" events`,
      );
      const score = JSON.parse(state.body).score as { now: number };
      assert.ok(Number.isFinite(score.now) && score.now > 0, `${userId}: score ${score.now}`);
    }
  });

  it('renders such traits and counters in Liquid as data, never as inherited members', async () => {
    const dir = await writeTemplates({
      'names.text.liquid': NAMES.filter((n) => n !== 'Ok')
        // The counter by a name held in a variable: rendered from the data, not from the
        // vocabulary of event names the workspace declares.
        .map(
          (n) =>
            `{% assign n = "${n}" %}${n}=[{{ user.traits["${n}"] | default: "" }}|{{ user.counters[n].count | default: "" }}]`,
        )
        .join('\n'),
    });
    try {
      const renderer = await LiquidRenderer.fromDirectory(dir);
      const profile = (await getStore().getProfile('p1')) as Profile;
      const context = buildRenderContext({
        profile,
        links: buildLinks(
          {
            baseUrl: 'https://cairn.test',
            workspaceSecret: WORKSPACE_SECRET,
            unsubscribeMailbox: 'u@cairn.test',
          },
          { userId: 'p1', messageKey: 'm', topic: null },
        ),
        workspace: { name: 'Test' },
      });
      const text = renderer.renderText('names', context).text;
      for (const name of NAMES.filter((n) => n !== 'Ok')) {
        const trait = Object.hasOwn(profile.traits, name) ? String(profile.traits[name]) : '';
        const count = Object.hasOwn(profile.counters, name)
          ? String(profile.counters[name]!.count)
          : '';
        assert.ok(text.includes(`${name}=[${trait}|${count}]`), `${name} in:\n${text}`);
      }
    } finally {
      await removeTemplates(dir);
    }
  });

  it('reads form fields and query parameters with such names as data', async () => {
    const links = buildLinks(
      {
        baseUrl: 'https://cairn.test',
        workspaceSecret: WORKSPACE_SECRET,
        unsubscribeMailbox: 'u@cairn.test',
      },
      { userId: 'p2', messageKey: 'm-p2', topic: null },
    );
    const path = (url: string) => new URL(url).pathname;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const fields = NAMES.map((n) => `${encodeURIComponent(n)}=x`).join('&');
    for (const url of [links.unsubscribe, links.preferences]) {
      // A bad token is refused for what it is, whatever the fields.
      const forged = await t.app.inject({
        method: 'POST',
        url: path(url).slice(0, -4) + 'AAAA',
        headers: form,
        payload: fields,
      });
      assert.equal(forged.statusCode, 400, forged.body);
    }
    const unsubscribed = await t.app.inject({
      method: 'POST',
      url: path(links.unsubscribe),
      headers: form,
      payload: `${fields}&List-Unsubscribe=One-Click`,
    });
    assert.equal(unsubscribed.statusCode, 200, unsubscribed.body);
    assert.equal((await getStore().getConsent('p2'))?.unsubscribedAll, true);
    const saved = await t.app.inject({
      method: 'POST',
      url: path(links.preferences),
      headers: form,
      payload: `${fields}&form=preferences`,
    });
    assert.equal(saved.statusCode, 200, saved.body);
    // Multipart: a field named after an Object.prototype member is refused with a 400.
    const boundary = 'b0undary';
    const multipart = await t.app.inject({
      method: 'POST',
      url: path(links.unsubscribe),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n--${boundary}--\r\n`,
    });
    assert.equal(multipart.statusCode, 400, multipart.body);

    const query = NAMES.map((n) => `${encodeURIComponent(n)}=1`).join('&');
    for (const url of [
      '/api/users',
      '/api/messages',
      '/api/segments',
      '/api/dead-letters',
      '/api/journeys',
    ]) {
      const res = await get(`${url}?${query}`);
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode} ${res.body}`);
    }
  });
});
