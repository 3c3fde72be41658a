import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../core/clock.js';
import { version } from '../core/version.js';
import { describeDatabase, type Settings } from '../config/settings.js';
import { buildServer } from '../http/server.js';
import { storeFromSettings } from './store-from-settings.js';
import type { Store } from '../store/store.js';
import { IngestWriter } from './ingest-writer.js';
import { workspaceKeys, type WorkspaceKeys } from './workspace-keys.js';

export interface Cairn {
  app: FastifyInstance;
  store: Store;
  writer: IngestWriter;
  keys: WorkspaceKeys;
  /** Stops taking requests, commits what is queued, closes the store. */
  close(): Promise<void>;
}

/**
 * Wires one Cairn process: store (migrated), keys, the group-commit writer and the HTTP app.
 * `cairn serve` calls it and then listens; tests call it and use `app.inject`.
 */
export async function startCairn(
  settings: Settings,
  logger: FastifyBaseLogger,
  clock: Clock = systemClock,
): Promise<Cairn> {
  const store = await storeFromSettings(settings);
  try {
    const ran = await store.migrate();
    logger.info({ database: describeDatabase(settings), migrations: ran }, 'store ready');
    const keys = await workspaceKeys(store, settings);
    const writer = new IngestWriter(store);
    const app = await buildServer({
      store,
      writer,
      clock,
      writeKey: keys.writeKey,
      adminKey: keys.adminKey,
      version: version(),
      logger,
    });
    const close = async () => {
      await app.close();
      await writer.flush();
      await store.close();
    };
    return { app, store, writer, keys, close };
  } catch (error) {
    await store.close();
    throw error;
  }
}
