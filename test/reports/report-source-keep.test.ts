import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '../../src/core/clock.js';
import { loadDefinitions, type Definitions } from '../../src/definitions/index.js';
import { parseBatch } from '../../src/ingest/parse-batch.js';
import { ReportSource } from '../../src/reports/report-source.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/**
 * How long the reports' comparisons of a period are reused: ten minutes of the clock by default,
 * longer when asked (the simulator), and never once a later period of the same unit and kind
 * has been built. Counted by the store reads a build makes (every user, page by page).
 */
const EXAMPLE = fileURLToPath(new URL('../../../examples/saas/cairn.yaml', import.meta.url));
const START = Date.UTC(2026, 2, 2, 9);
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('report comparisons kept', () => {
  let store: Store;
  let definitions: Definitions;
  let reads = 0;
  const counted = (): Store =>
    new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'listPeerStates') reads += 1;
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  const addUsers = async (ids: string[], at: number) => {
    const { events } = parseBatch(
      {
        batch: ids.map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `identify-${id}`,
          timestamp: new Date(at).toISOString(),
          traits: { email: `${id}@example.com` },
        })),
      },
      at,
      'api',
    );
    await store.transaction((tx) => applyEvents(tx, events, { now: at }));
  };

  before(async () => {
    store = await openStore({ file: ':memory:' });
    await store.migrate();
    definitions = (await loadDefinitions(EXAMPLE)).definitions;
    await addUsers(['u1', 'u2', 'u3'], START);
  });
  after(() => store.close());

  it('rebuilds after ten minutes by default', async () => {
    reads = 0;
    const clock = new FakeClock(START);
    const source = new ReportSource(counted(), clock);
    const first = await source.comparisons(definitions, 'user', 'week', 2935);
    assert.equal(first.subjects.length, 3);
    clock.set(START + 9 * MINUTE);
    assert.equal(await source.comparisons(definitions, 'user', 'week', 2935), first);
    assert.equal(reads, 1);
    clock.set(START + 11 * MINUTE);
    assert.notEqual(await source.comparisons(definitions, 'user', 'week', 2935), first);
    assert.equal(reads, 2);
  });

  it('keeps a build as long as asked, and not past a later period', async () => {
    reads = 0;
    const clock = new FakeClock(START);
    const source = new ReportSource(counted(), clock, { keepMs: 2 * DAY });
    const week = await source.comparisons(definitions, 'user', 'week', 2935);
    clock.set(START + DAY);
    await addUsers(['u4'], clock.now());
    // A day of hourly steps later: the same build, without the user who came since.
    const again = await source.comparisons(definitions, 'user', 'week', 2935);
    assert.equal(again, week);
    assert.equal(again.subjects.length, 3);
    assert.equal(reads, 1);
    // Another kind of period is its own build, and leaves the week's in place.
    await source.comparisons(definitions, 'user', 'month', 675);
    assert.equal(reads, 2);
    assert.equal(await source.comparisons(definitions, 'user', 'week', 2935), week);
    assert.equal(reads, 2);
    // The next week built: the earlier one is dropped, and built again if asked for.
    const next = await source.comparisons(definitions, 'user', 'week', 2936);
    assert.equal(next.subjects.length, 4);
    assert.equal(reads, 3);
    const rebuilt = await source.comparisons(definitions, 'user', 'week', 2935);
    assert.notEqual(rebuilt, week);
    assert.equal(rebuilt.subjects.length, 4);
    assert.equal(reads, 4);
    // Past the time asked for: built again.
    clock.set(START + 3 * DAY + MINUTE);
    assert.notEqual(await source.comparisons(definitions, 'user', 'week', 2936), next);
    assert.equal(reads, 5);
  });
});
