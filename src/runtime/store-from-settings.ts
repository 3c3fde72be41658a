import type { Settings } from '../config/settings.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** PostgreSQL when DATABASE_URL is set, the SQLite file otherwise. */
export function storeFromSettings(settings: Settings): Promise<Store> {
  return openStore({
    databaseUrl: settings.databaseUrl ?? undefined,
    file: settings.dbFile,
    walLimitBytes: settings.sqliteWalLimitBytes,
    pageCacheBytes: settings.sqlitePageCacheBytes,
    documentCacheBytes: settings.documentCacheBytes,
  });
}
