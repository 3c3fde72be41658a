import { Validator } from '@seriousme/openapi-schema-validator';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { testApp, type TestApp } from '../support/test-app.js';
import { USER_FILTER_PARAMS } from '../../src/http/user-filter.js';
import { forEachStore } from '../support/test-stores.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: object;
}
interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: object }> }
  >;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/**
 * `/api/openapi.json` is generated from the route schemas: the admin test checks that it lists
 * exactly the served routes; this one that what it says of each is whole and valid OpenAPI.
 */
forEachStore('the OpenAPI document', (getStore: () => Store) => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, path, op })),
    );

  before(async () => {
    t = await testApp(getStore());
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    doc = res.json();
  });
  after(async () => {
    await t.app.close();
  });

  it('is valid OpenAPI 3.1', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(structuredClone(doc));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('gives every operation a summary, its described parameters and its success answer', () => {
    const ops = operations();
    assert.ok(ops.length > 50, `${ops.length} operations`);
    for (const { route, path, op } of ops) {
      assert.ok(op.summary, `${route}: summary`);
      assert.ok(op.tags?.length, `${route}: tags`);
      const parameters = op.parameters ?? [];
      // Every path parameter is declared, described and required.
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of inPath) {
        const p = parameters.find((x) => x.in === 'path' && x.name === name);
        assert.ok(p, `${route}: path parameter ${name}`);
        assert.equal(p.required, true, `${route}: ${name} required`);
        assert.ok(p.description, `${route}: ${name} described`);
      }
      assert.deepEqual(
        parameters
          .filter((x) => x.in === 'path')
          .map((x) => x.name)
          .sort(),
        [...inPath].sort(),
        `${route}: no other path parameter`,
      );
      for (const p of parameters.filter((x) => x.in === 'query'))
        assert.ok(p.description, `${route}: query parameter ${p.name} described`);
      // The success answer, with its body's schema (a redirect has none but its Location).
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.find((s) => /^2\d\d$/.test(s)) ?? statuses.find((s) => /^3/.test(s));
      assert.ok(success, `${route}: a success answer`);
      const answer = op.responses![success];
      assert.ok(answer.description, `${route}: ${success} described`);
      if (success.startsWith('2')) {
        const media = Object.values(answer.content ?? {});
        assert.ok(media.length > 0, `${route}: ${success} has a body`);
        for (const m of media) assert.ok(m.schema, `${route}: ${success} body has a schema`);
      }
      // POSTs that take a body say what it is.
      if (route.startsWith('POST') && op.requestBody) {
        for (const m of Object.values(op.requestBody.content ?? {}))
          assert.ok(m.schema, `${route}: request body schema`);
      }
    }
  });

  it('describes the admin API with its key and its query parameters', () => {
    const users = doc.paths['/api/users']!.get!;
    assert.deepEqual(
      users.parameters!.filter((p) => p.in === 'query').map((p) => p.name),
      ['query', ...Object.keys(USER_FILTER_PARAMS), 'limit', 'after'],
    );
    for (const { route, path, op } of operations()) {
      if (!path.startsWith('/api/') || /^\/api\/(health|openapi)/.test(path)) continue;
      assert.deepEqual(op.security, [{ adminKey: [] }], `${route}: admin key`);
      assert.ok(op.responses!['401'], `${route}: 401`);
    }
    const track = doc.paths['/v1/track']!.post!;
    assert.ok(track.requestBody?.content?.['application/json']?.schema, 'the track body');
  });
});
