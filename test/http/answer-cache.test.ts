import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../src/core/clock.js';
import { readSettings } from '../../src/config/settings.js';
import { AnswerCache } from '../../src/http/answer-cache.js';
import { acceptedStaleness } from '../../src/http/analysis-answer.js';

const SECOND = 1000;

/** A computation that counts its runs and answers with its run number. */
function counter() {
  const run = { count: 0 };
  const compute = async () => ({ run: ++run.count });
  return { run, compute };
}

function cacheOf(
  clock: FakeClock,
  extra: Partial<ConstructorParameters<typeof AnswerCache>[0]> = {},
) {
  return new AnswerCache({ clock, maxAgeSeconds: 60, ...extra });
}

test('an answer is reused while at most max age old, then computed again', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  const { run, compute } = counter();
  const start = clock.now();
  const first = await cache.answer('/a', compute);
  assert.deepEqual(first, { run: 1, computedAt: new Date(start).toISOString() });
  clock.advance(60 * SECOND);
  assert.deepEqual(await cache.answer('/a', compute), first, 'exactly max age old: reused');
  clock.advance(1);
  const second = await cache.answer('/a', compute);
  assert.equal(run.count, 2);
  assert.deepEqual(second, { run: 2, computedAt: new Date(clock.now()).toISOString() });
});

test('max age 0 computes every request', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock, { maxAgeSeconds: 0 });
  const { run, compute } = counter();
  await cache.answer('/a', compute);
  assert.deepEqual(await cache.answer('/a', compute), { run: 2 }, 'sent as computed');
  assert.equal(run.count, 2);
  assert.equal(cache.size, 0);
});

test('identical concurrent requests share one computation', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  let computations = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const compute = async () => {
    computations += 1;
    await gate;
    return { n: computations };
  };
  const both = Promise.all([cache.answer('/a', compute), cache.answer('/a', compute)]);
  release();
  const [a, b] = await both;
  assert.equal(computations, 1);
  assert.equal(cache.computations, 1);
  assert.deepEqual(a, b);
});

test('answers are kept apart by key, and the key sorts the parameters', async () => {
  assert.equal(
    AnswerCache.key('/r', { b: '2', a: '1' }),
    AnswerCache.key('/r', { a: '1', b: '2' }),
  );
  assert.notEqual(AnswerCache.key('/r', { a: '1' }), AnswerCache.key('/r', { a: '2' }));
  assert.notEqual(AnswerCache.key('/r', {}), AnswerCache.key('/s', {}));
  assert.notEqual(AnswerCache.key('/r', { a: '1&b=2' }), AnswerCache.key('/r', { a: '1', b: '2' }));
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  const { run, compute } = counter();
  const one = await cache.answer(AnswerCache.key('/r', { a: '1' }), compute);
  const two = await cache.answer(AnswerCache.key('/r', { a: '2' }), compute);
  assert.equal(run.count, 2);
  assert.notDeepEqual(one, two);
});

test('a failure is not kept: the next request computes again', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  let calls = 0;
  const compute = async () => {
    calls += 1;
    if (calls === 1) throw new Error('bad parameter');
    return { ok: true };
  };
  await assert.rejects(cache.answer('/a', compute), /bad parameter/);
  assert.equal(cache.size, 0);
  assert.deepEqual(await cache.answer('/a', compute), {
    ok: true,
    computedAt: new Date(clock.now()).toISOString(),
  });
  assert.equal(calls, 2);
});

test('the cache is bounded by entries and by bytes, least recently used dropped first', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock, { maxEntries: 2 });
  const { run, compute } = counter();
  await cache.answer('/a', compute);
  await cache.answer('/b', compute);
  await cache.answer('/a', compute); // /a used last: /b is the least recently used
  await cache.answer('/c', compute);
  assert.equal(cache.size, 2);
  assert.equal(run.count, 3);
  await cache.answer('/a', compute);
  assert.equal(run.count, 3, '/a kept');
  await cache.answer('/b', compute);
  assert.equal(run.count, 4, '/b was dropped');

  const small = cacheOf(clock, { maxBytes: 150 });
  const big = async () => ({ text: 'x'.repeat(60) });
  await small.answer('/x', big);
  await small.answer('/y', big);
  assert.equal(small.size, 1, 'two answers of ~110 bytes do not fit in 150');
  await small.answer('/z', async () => ({ text: 'x'.repeat(500) }));
  assert.equal(small.size, 1, 'an answer larger than the bound is not kept');
});

test('a new generation (a reload of the definitions) drops every answer', async () => {
  const clock = new FakeClock();
  let definitions = { version: 'v1' };
  const cache = cacheOf(clock, { generation: () => definitions });
  const { run, compute } = counter();
  await cache.answer('/a', compute);
  await cache.answer('/a', compute);
  assert.equal(run.count, 1);
  definitions = { version: 'v2' };
  await cache.answer('/a', compute);
  assert.equal(run.count, 2);
});

test('refresh ahead recomputes a recently requested answer before it expires, not others', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock); // lead: 15 s before the 60 s max age
  const requested = counter();
  const warmed = counter();
  await cache.answer('/requested', requested.compute);
  await cache.warm('/warmed', warmed.compute);
  clock.advance(30 * SECOND);
  assert.equal(await cache.refreshDue(), 0, 'nothing near expiry');
  // Requested again at 40 s: still reused, and marked as looked at.
  clock.advance(10 * SECOND);
  await cache.answer('/requested', requested.compute);
  assert.equal(requested.run.count, 1);
  // At 50 s both are within the lead; both were requested (or warmed) within 10 minutes.
  clock.advance(10 * SECOND);
  assert.equal(await cache.refreshDue(), 2);
  assert.equal(requested.run.count, 2);
  assert.equal(warmed.run.count, 2);
  // A request after the old answer's expiry reads the refreshed one, computed at 50 s.
  clock.advance(20 * SECOND);
  const answer = await cache.answer('/requested', requested.compute);
  assert.equal(requested.run.count, 2);
  assert.equal(answer.run, 2);
  // Nobody asks for /warmed again: once its last request is over 10 minutes old, it is let go.
  for (let i = 0; i < 12; i++) {
    clock.advance(50 * SECOND);
    await cache.answer('/requested', requested.compute);
    await cache.refreshDue();
  }
  const warmedRuns = warmed.run.count;
  const requestedRuns = requested.run.count;
  clock.advance(50 * SECOND);
  await cache.answer('/requested', requested.compute);
  assert.equal(await cache.refreshDue(), 1);
  assert.equal(requested.run.count, requestedRuns + 1, 'the answer looked at is kept warm');
  assert.equal(warmed.run.count, warmedRuns, 'an answer no one requested lately is not recomputed');
});

test('background recomputations run one at a time', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  let running = 0;
  let most = 0;
  const slow = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    return { done: true };
  };
  for (const key of ['/a', '/b', '/c']) await cache.answer(key, slow);
  clock.advance(55 * SECOND);
  const [first, second] = await Promise.all([cache.refreshDue(), cache.refreshDue()]);
  assert.equal(first, 3);
  assert.equal(second, 3, 'the second call waited for the first instead of starting another');
  assert.equal(most, 1);
  assert.equal(cache.computations, 6);
});

test('CAIRN_ANALYSIS_MAX_AGE_SECONDS: 60 by default, 0 turns reuse off, anything else refused', () => {
  assert.equal(readSettings({}, {}).analysisMaxAgeSeconds, 60);
  assert.equal(readSettings({}, { CAIRN_ANALYSIS_MAX_AGE_SECONDS: '0' }).analysisMaxAgeSeconds, 0);
  assert.equal(
    readSettings({}, { CAIRN_ANALYSIS_MAX_AGE_SECONDS: '300' }).analysisMaxAgeSeconds,
    300,
  );
  for (const bad of ['-1', '1.5', 'soon'])
    assert.throws(
      () => readSettings({}, { CAIRN_ANALYSIS_MAX_AGE_SECONDS: bad }),
      /CAIRN_ANALYSIS_MAX_AGE_SECONDS must be a whole number/,
    );
});

test('standing answers are computed in turn, then kept warm while the dashboard is in use; a failing one is let go', async () => {
  const clock = new FakeClock();
  let definitions = { version: 'v1' };
  const failures: string[] = [];
  const cache = cacheOf(clock, {
    generation: () => definitions,
    onRefreshError: (key) => failures.push(key),
  });
  const order: string[] = [];
  const runs = new Map<string, number>();
  cache.define('/p', async (params) => {
    const key = AnswerCache.key('/p', params);
    order.push(key);
    runs.set(key, (runs.get(key) ?? 0) + 1);
    return { params };
  });
  cache.define('/bad', async () => {
    throw new Error('cannot');
  });
  const start = clock.now();
  const done = await cache.keepWarm([
    { path: '/p', params: { b: '2', a: '1' } },
    { path: '/bad', params: {} },
    { path: '/p', params: {} },
  ]);
  assert.deepEqual(
    done.map((d) => [d.key, d.ok]),
    [
      ['/p?a=1&b=2', true],
      ['/bad', false],
      ['/p', true],
    ],
  );
  assert.deepEqual(order, ['/p?a=1&b=2', '/p'], 'one after another, in the order given');
  assert.deepEqual(failures, ['/bad']);
  // A request with the same query in another order reads the standing answer.
  const read = await cache.answer(AnswerCache.key('/p', { a: '1', b: '2' }), async () => ({}));
  assert.deepEqual(read, { params: { b: '2', a: '1' }, computedAt: new Date(start).toISOString() });
  assert.equal(runs.get('/p?a=1&b=2'), 1);
  // An hour in which the dashboard is used (some other answer asked every five minutes): each
  // standing answer is recomputed ahead of its expiry with no request of its own, the failing
  // one never.
  for (let i = 0; i < 72; i++) {
    clock.advance(50 * SECOND);
    if (i % 6 === 0) await cache.answer('/other', async () => ({}));
    await cache.refreshDue();
  }
  assert.equal(runs.get('/p?a=1&b=2'), 73);
  assert.equal(runs.get('/p'), 73);
  assert.deepEqual(failures, ['/bad']);
  // Idle (nothing asked for 10 minutes): nothing is computed in the background any more.
  for (let i = 0; i < 48; i++) {
    clock.advance(50 * SECOND);
    await cache.refreshDue();
  }
  const idleRuns = runs.get('/p')!;
  assert.ok(idleRuns <= 73 + 12, `recomputed only within 10 minutes of the last use (${idleRuns})`);
  for (let i = 0; i < 24; i++) {
    clock.advance(50 * SECOND);
    assert.equal(await cache.refreshDue(), 0);
  }
  assert.equal(runs.get('/p'), idleRuns);
  // A page opened again: its answer is computed for it, and the others are kept warm again.
  await cache.answer(AnswerCache.key('/p', {}), async () => ({ params: {} }));
  assert.equal(
    runs.get('/p'),
    idleRuns,
    "the expired answer computed by its request, not /p's compute",
  );
  clock.advance(SECOND);
  assert.equal(await cache.refreshDue(), 1, 'the other standing answer, expired, recomputed');
  assert.equal(runs.get('/p?a=1&b=2'), idleRuns + 1);
  // A reload drops every answer: the standing ones are computed again at the next refresh.
  definitions = { version: 'v2' };
  assert.equal(await cache.refreshDue(), 2);
  assert.equal(cache.size, 2);
  // Once stopped (the app closing), nothing more is computed in the background.
  cache.stop();
  clock.advance(120 * SECOND);
  assert.equal(await cache.refreshDue(), 0);
  await cache.settled();
});

test('keepWarm needs each path defined, and does nothing when answers are not kept', async () => {
  const clock = new FakeClock();
  await assert.rejects(
    cacheOf(clock).keepWarm([{ path: '/nowhere', params: {} }]),
    /no analysis route at \/nowhere/,
  );
  const off = cacheOf(clock, { maxAgeSeconds: 0 });
  assert.deepEqual(await off.keepWarm([{ path: '/nowhere', params: {} }]), []);
});

test('a computation keeps the answers it gave beside its own, as computed at the same time', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  const source = { count: 0 };
  const computeSource = async (also: (key: string, value: object) => void) => {
    source.count += 1;
    also('/list?n=1', { ids: ['a', source.count === 1 ? 'b' : 'c'] });
    return { sum: source.count };
  };
  const own = counter();
  const start = clock.now();
  await cache.answer('/source?n=1', computeSource);
  // Read later, within max age: the by-product, not a computation of its own.
  clock.advance(20 * SECOND);
  const list = await cache.answer('/list?n=1', own.compute);
  assert.deepEqual(list, { ids: ['a', 'b'], computedAt: new Date(start).toISOString() });
  assert.equal(own.run.count, 0);
  // Both due near expiry: the source is recomputed first and renews the list, which is not
  // computed on its own.
  clock.advance(30 * SECOND);
  assert.equal(await cache.refreshDue(), 1);
  assert.equal(source.count, 2);
  assert.equal(own.run.count, 0);
  const renewed = (await cache.answer('/list?n=1', own.compute)) as unknown as { ids: string[] };
  assert.deepEqual(renewed.ids, ['a', 'c']);
  // Past max age with no source looked at lately: the list is computed on its own.
  for (let i = 0; i < 12; i++) {
    clock.advance(50 * SECOND);
    await cache.answer('/list?n=1', own.compute);
    await cache.refreshDue();
  }
  assert.ok(own.run.count > 0, 'computed on its own once its source is no longer looked at');
  // A reload of the definitions drops the by-products with every answer.
  let generation = 1;
  const reloading = cacheOf(clock, { generation: () => generation });
  await reloading.answer('/source?n=1', computeSource);
  assert.equal(reloading.size, 2);
  generation = 2;
  const afterReload = counter();
  assert.equal((await reloading.answer('/list?n=1', afterReload.compute)).run, 1);
});

test('an answer kept without refresh ahead is computed again only at a request past max age', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  const { run, compute } = counter();
  await cache.answer('/users?activated=true', compute, { refreshAhead: false });
  clock.advance(50 * SECOND);
  assert.equal(await cache.refreshDue(), 0);
  assert.equal((await cache.answer('/users?activated=true', compute)).run, 1);
  clock.advance(11 * SECOND);
  assert.equal(await cache.refreshDue(), 0);
  assert.equal((await cache.answer('/users?activated=true', compute)).run, 2);
  assert.equal(run.count, 2);
});

test('a by-product asked for while its source is being recomputed waits for that computation', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  let release = () => {};
  let runs = 0;
  const source = async (also: (key: string, value: object) => void) => {
    runs += 1;
    if (runs > 1) await new Promise<void>((resolve) => (release = resolve));
    also('/list', { run: runs });
    return { run: runs };
  };
  await cache.answer('/source', source);
  clock.advance(50 * SECOND);
  const refreshing = cache.refreshDue(); // the source, due within the lead, is recomputed
  clock.advance(11 * SECOND); // the kept list is now past max age
  const own = counter();
  const list = cache.answer('/list', own.compute);
  release();
  await refreshing;
  assert.equal((await list).run, 2, 'the list the recomputed source gave');
  assert.equal(own.run.count, 0, 'not computed on its own');
});

test('an asker taking it stale gets the kept answer at once while one renewal runs', async () => {
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const cache = cacheOf(clock, { onRefreshError: (_key, error) => errors.push(error) });
  let release = () => {};
  let runs = 0;
  const compute = async () => {
    runs += 1;
    if (runs > 1) await new Promise<void>((resolve) => (release = resolve));
    return { run: runs };
  };
  const start = clock.now();
  const first = await cache.answer('/a', compute);
  clock.advance(10 * 60 * SECOND);
  const stale = await cache.answer('/a', compute, { acceptStale: Infinity });
  assert.deepEqual(stale, { ...first, stale: true });
  assert.equal(runs, 2, 'its renewal started');
  assert.deepEqual(await cache.answer('/a', compute, { acceptStale: Infinity }), stale);
  assert.equal(runs, 2, 'one renewal, however many ask');
  // An asker that does not take it stale waits for that renewal.
  const waiting = cache.answer('/a', compute);
  release();
  const renewed = await waiting;
  assert.deepEqual(renewed, { run: 2, computedAt: new Date(clock.now()).toISOString() });
  assert.equal(runs, 2);
  assert.notEqual(renewed.computedAt, new Date(start).toISOString());
  // A bound: taken stale only up to that long past max age.
  clock.advance(60 * SECOND + 30 * SECOND);
  const beyond = cache.answer('/a', compute, { acceptStale: 20 * SECOND });
  release();
  assert.equal((await beyond).run, 3, 'computed for the request');
  // Nothing kept: computed as usual; a failed renewal leaves the old answer and is reported.
  const other = counter();
  assert.equal((await cache.answer('/b', other.compute, { acceptStale: Infinity })).run, 1);
  const failing = cacheOf(clock, { onRefreshError: (_key, error) => errors.push(error) });
  let fail = false;
  const flaky = async () => {
    if (fail) throw new Error('store gone');
    return { ok: true };
  };
  await failing.answer('/c', flaky);
  clock.advance(2 * 60 * SECOND);
  fail = true;
  assert.equal((await failing.answer('/c', flaky, { acceptStale: Infinity })).stale, true);
  await failing.settled();
  assert.equal((errors[0] as Error).message, 'store gone');
  assert.equal((await failing.answer('/c', flaky, { acceptStale: Infinity })).stale, true);
  await failing.settled();
  await assert.rejects(failing.answer('/c', flaky), /store gone/);
});

test('a stale by-product is renewed by the computation of the answer it was kept with', async () => {
  const clock = new FakeClock();
  const cache = cacheOf(clock);
  let runs = 0;
  const source = async (also: (key: string, value: object) => void) => {
    runs += 1;
    also('/list', { run: runs });
    return { run: runs };
  };
  await cache.answer('/source', source);
  const own = counter();
  assert.equal((await cache.answer('/list', own.compute)).run, 1);
  clock.advance(5 * 60 * SECOND);
  assert.deepEqual(
    (await cache.answer('/list', own.compute, { acceptStale: Infinity })).stale,
    true,
  );
  await cache.settled();
  assert.equal(runs, 2, 'the source was computed anew');
  assert.equal(own.run.count, 0, 'the list was not computed on its own');
  assert.equal((await cache.answer('/list', own.compute)).run, 2);
});

test('Cache-Control max-stale, with or without seconds, is how long past max age an asker takes', () => {
  assert.equal(acceptedStaleness({}), undefined);
  assert.equal(acceptedStaleness({ 'cache-control': 'no-cache' }), undefined);
  assert.equal(acceptedStaleness({ 'cache-control': 'max-stale' }), Infinity);
  assert.equal(acceptedStaleness({ 'cache-control': 'no-cache, Max-Stale=30' }), 30_000);
  assert.equal(acceptedStaleness({ 'cache-control': 'max-stale=soon' }), undefined);
  assert.equal(acceptedStaleness({ 'cache-control': ['max-stale'] }), undefined);
});
