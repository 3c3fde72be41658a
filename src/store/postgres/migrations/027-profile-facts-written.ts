import type { Migration } from '../../migration.js';

/**
 * See the SQLite migration of the same number: the store writes each identified profile's
 * `profile_facts` row in the statement that writes the profile (queries/profiles.ts), from the
 * document it holds, instead of a statement trigger casting every document of the write to jsonb
 * to take the facts out of it again. The delete trigger stays.
 */
export const migration027ProfileFactsWritten: Migration = {
  id: '027-profile-facts-written',
  sql: `
DROP TRIGGER profile_facts_insert ON profiles;
DROP TRIGGER profile_facts_update ON profiles;
DROP FUNCTION profile_facts_put();
`,
};
