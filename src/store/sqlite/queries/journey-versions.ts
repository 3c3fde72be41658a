import type { Database } from 'better-sqlite3';
import { storableJson } from '../../safe-json.js';
import type { JourneyVersionRecord } from '../../store.js';

interface VersionRow {
  journeyId: string;
  version: string;
  definition: string;
  createdAt: number;
}

export function versionFromRow(row: VersionRow): JourneyVersionRecord {
  return { ...row, definition: JSON.parse(row.definition) };
}

export function versionParams(record: JourneyVersionRecord) {
  return { ...record, definition: storableJson(record.definition) };
}

export function prepareJourneyVersionWrites(db: Database) {
  return {
    get: db.prepare<[string, string], VersionRow>(
      `SELECT journey_id AS journeyId, version, definition, created_at AS createdAt
       FROM journey_versions WHERE journey_id = ? AND version = ?`,
    ),
    put: db.prepare<VersionRow>(
      `INSERT INTO journey_versions (journey_id, version, definition, created_at)
       VALUES (@journeyId, @version, @definition, @createdAt)
       ON CONFLICT (journey_id, version) DO NOTHING`,
    ),
  };
}

export type JourneyVersionWrites = ReturnType<typeof prepareJourneyVersionWrites>;
