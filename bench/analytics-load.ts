/**
 * A bulk load of the analytics tests' population (test/analytics/population.ts), fast enough for
 * millions of events: what moves state (identify, signup, group, milestones, conversion, email
 * engagement) goes through the real ingest path (`applyEvents`, state derived at each event's
 * own time), and the daily activity after signup, which moves nothing the metrics read from
 * profiles, is written straight through the store's bulk insert (`insertEvents`), where the
 * store's own triggers keep `activity_days`. Users are made and stored in slices, so memory stays
 * flat however large the population.
 */
import type { IncomingEvent } from '../src/core/types.js';
import type { LoadedDefinitions } from '../src/definitions/index.js';
import { applyEvents } from '../src/runtime/apply-events.js';
import type { Store } from '../src/store/store.js';
import { NOW, generatePopulation } from '../test/analytics/population.js';

export interface BulkLoadOptions {
  users: number;
  /** Meaningful events per active day (the population's density). */
  perActiveDay: number;
  seed?: number;
  slice?: number;
  onProgress?: (users: number, events: number) => void;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Loads the population; returns the number of events stored. */
export async function bulkLoadPopulation(
  store: Store,
  definitions: LoadedDefinitions,
  options: BulkLoadOptions,
): Promise<number> {
  const slice = options.slice ?? 2000;
  let stored = 0;
  for (let first = 0; first < options.users; first += slice) {
    const count = Math.min(slice, options.users - first);
    const population = generatePopulation((options.seed ?? 11) + first, count, {
      first,
      perActiveDay: options.perActiveDay,
      split: true,
    });
    for (const batch of chunks<IncomingEvent>(population.events, 2000)) {
      const applied = await store.transaction((tx) =>
        applyEvents(tx, batch, { definitions, now: NOW, stateAtEventTime: true }),
      );
      stored += applied.inserted.length;
    }
    for (const batch of chunks(population.activity, 10_000)) {
      await store.transaction((tx) =>
        tx.insertEvents(batch.map((event) => ({ ...event, profileId: event.userId! }))),
      );
      stored += batch.length;
    }
    if (population.messages.length) {
      await store.transaction((tx) => tx.insertMessages(population.messages));
    }
    options.onProgress?.(first + count, stored);
  }
  return stored;
}
