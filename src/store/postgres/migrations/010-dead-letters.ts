import type { Migration } from '../../migration.js';

/**
 * Events that passed validation but could not be applied (store/dead-letters.ts). The event is
 * text, not jsonb: it is an archive of what went wrong, kept as it was even where jsonb would
 * refuse or reorder it.
 */
export const migration010DeadLetters: Migration = {
  id: '010-dead-letters',
  sql: `
CREATE TABLE dead_letters (
  id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  error text NOT NULL,
  event text NOT NULL
);

CREATE INDEX dead_letters_at ON dead_letters (at, id);
`,
};
