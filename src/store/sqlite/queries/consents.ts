import type { Database } from 'better-sqlite3';
import { consentDoc, consentFromRow } from '../../consent-rows.js';
import { storableJson } from '../../safe-json.js';
import type { ConsentRecord } from '../../store.js';

interface ConsentRow {
  profileId: string;
  unsubscribedAll: number;
  updatedAt: number;
  doc: string;
}

export function consentFromRecord(r: ConsentRow): ConsentRecord {
  return consentFromRow(r.profileId, r.unsubscribedAll === 1, r.updatedAt, JSON.parse(r.doc));
}

export function consentParams(c: ConsentRecord): ConsentRow {
  return {
    profileId: c.profileId,
    unsubscribedAll: c.unsubscribedAll ? 1 : 0,
    updatedAt: c.updatedAt,
    doc: storableJson(consentDoc(c)),
  };
}

const CONSENT_GET = `SELECT profile_id AS profileId, unsubscribed_all AS unsubscribedAll,
  updated_at AS updatedAt, doc FROM consents WHERE profile_id = ?`;

export function prepareConsentWrites(db: Database) {
  return {
    get: db.prepare<[string], ConsentRow>(CONSENT_GET),
    put: db.prepare<ConsentRow>(
      `INSERT INTO consents (profile_id, unsubscribed_all, updated_at, doc)
       VALUES (@profileId, @unsubscribedAll, @updatedAt, @doc)
       ON CONFLICT (profile_id) DO UPDATE SET unsubscribed_all = excluded.unsubscribed_all,
         updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    delete: db.prepare<[string]>('DELETE FROM consents WHERE profile_id = ?'),
  };
}

export function prepareConsentReads(db: Database) {
  return { get: db.prepare<[string], ConsentRow>(CONSENT_GET) };
}

export type ConsentWrites = ReturnType<typeof prepareConsentWrites>;
