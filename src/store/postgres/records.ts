import type { ConsentDoc } from '../consent-rows.js';
import type { AccountDoc, ProfileDoc } from '../documents.js';
import type { RunColumns, RunDoc } from '../run-rows.js';

/** Rows as the queries alias them; `doc` arrives parsed (node-postgres parses json). */
export interface ProfileRecord {
  id: string;
  userId: string | null;
  firstSeen: number;
  lastSeen: number;
  doc: ProfileDoc;
}

export interface AccountRecord {
  id: string;
  firstSeen: number;
  lastSeen: number;
  doc: AccountDoc;
}

export interface RunRecord extends RunColumns {
  doc: RunDoc;
}

export interface ConsentRow {
  profileId: string;
  unsubscribedAll: boolean;
  updatedAt: number;
  doc: ConsentDoc;
}
