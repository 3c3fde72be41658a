/** One forward-only schema change. Ids sort in the order they apply (`001-init`, `002-…`). */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * The migrations still to run, in order. A database that has a migration this build does not
 * know was migrated by a newer Cairn: running older code on it could corrupt data, so it stops.
 */
export function pendingMigrations(all: readonly Migration[], applied: string[]): Migration[] {
  const known = new Set(all.map((m) => m.id));
  const unknown = applied.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new Error(
      `the database has migrations this version of Cairn does not know (${unknown.join(', ')}); ` +
        'upgrade Cairn before opening it',
    );
  }
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.id));
}

export class SchemaBehindError extends Error {
  constructor(pending: Migration[]) {
    super(
      `the database schema is behind (pending migrations: ${pending.map((m) => m.id).join(', ')}); ` +
        'call migrate() (or run `cairn migrate`) first',
    );
    this.name = 'SchemaBehindError';
  }
}
