import type { Database } from 'better-sqlite3';

export function prepareSettingWrites(db: Database) {
  return {
    get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    init: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    ),
    set: db.prepare<[string, string]>(
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };
}

export function prepareSettingReads(db: Database) {
  return {
    get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
  };
}

export type SettingWrites = ReturnType<typeof prepareSettingWrites>;
export type SettingReads = ReturnType<typeof prepareSettingReads>;
