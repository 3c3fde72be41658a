import type { AccountDoc, ProfileDoc } from '../documents.js';

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
