import type { Account, Profile } from '../../core/types.js';

/** Rows as the queries alias them; `doc` arrives parsed (jsonb). */
export interface ProfileRecord {
  id: string;
  userId: string | null;
  firstSeen: number;
  lastSeen: number;
  doc: Omit<Profile, 'id' | 'userId' | 'firstSeen' | 'lastSeen'>;
}

export interface AccountRecord {
  id: string;
  firstSeen: number;
  lastSeen: number;
  doc: Omit<Account, 'id' | 'firstSeen' | 'lastSeen'>;
}
