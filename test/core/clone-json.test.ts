import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloneJson } from '../../src/core/clone-json.js';

test('cloneJson copies nested objects and arrays: the copy is equal and shares nothing', () => {
  const original = {
    v: 1,
    name: 'x',
    none: null,
    gone: undefined,
    far: Infinity,
    list: [1, [2, 3], { a: [4] }],
    nested: { deeper: { value: -0, flag: true } },
  };
  const copy = cloneJson(original);
  assert.deepEqual(copy, structuredClone(original));
  assert.ok(Object.hasOwn(copy, 'gone'));
  assert.notEqual(copy.list, original.list);
  assert.notEqual(copy.list[1], original.list[1]);
  assert.notEqual(copy.list[2], original.list[2]);
  assert.notEqual(copy.nested.deeper, original.nested.deeper);
  (copy.list[1] as number[]).push(9);
  copy.nested.deeper.flag = false;
  assert.deepEqual(original.list[1], [2, 3]);
  assert.equal(original.nested.deeper.flag, true);
});

test('cloneJson keeps a "__proto__" key as an own property, never as a prototype', () => {
  const original = JSON.parse('{"metrics":{"__proto__":{"polluted":1},"constructor":2}}') as {
    metrics: Record<string, unknown>;
  };
  const copy = cloneJson(original);
  assert.equal(Object.getPrototypeOf(copy.metrics), Object.prototype);
  assert.deepEqual(Object.keys(copy.metrics), ['__proto__', 'constructor']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy.metrics, '__proto__')?.value, {
    polluted: 1,
  });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('cloneJson keeps a prototype-less map prototype-less', () => {
  const map = Object.create(null) as Record<string, number>;
  const key: string = 'toString';
  map[key] = 1;
  const copy = cloneJson({ map });
  assert.equal(Object.getPrototypeOf(copy.map), null);
  assert.equal(copy.map[key], 1);
  assert.notEqual(copy.map, map);
});
