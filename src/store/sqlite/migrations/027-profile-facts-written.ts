import type { Migration } from '../../migration.js';

/**
 * The `profile_facts` rows are written by the store beside each profile write, from the document
 * it already holds (src/store/profile-facts.ts), instead of by triggers that took them out of
 * the stored JSON again: about a third of a raw event write's CPU time went to those triggers.
 * The rows already there are exact and stay; a deleted profile's row still goes with it (the
 * delete trigger stays), and the triggers on `profile_facts` itself (early_hours) still fire.
 */
export const migration027ProfileFactsWritten: Migration = {
  id: '027-profile-facts-written',
  sql: `
DROP TRIGGER profile_facts_insert;
DROP TRIGGER profile_facts_update;
`,
};
