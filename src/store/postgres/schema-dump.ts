import type pg from 'pg';

/**
 * The schema as the catalog describes it (information_schema plus the constraint and index
 * definitions PostgreSQL prints itself), in a stable order and without the schema name, so the
 * dump of a fresh test schema equals the committed `schema.sql` in this folder.
 */
export async function dumpPostgresSchema(client: pg.ClientBase): Promise<string> {
  const tables = await client.query<{ name: string; options: string[] | null }>(
    `SELECT c.relname AS name, c.reloptions AS options
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const columns = await client.query<{
    table: string;
    name: string;
    type: string;
    collation: string | null;
    nullable: string;
    default: string | null;
    identity: string | null;
  }>(
    `SELECT table_name AS table, column_name AS name, data_type AS type,
       collation_name AS collation, is_nullable AS nullable, column_default AS default,
       identity_generation AS identity
     FROM information_schema.columns WHERE table_schema = current_schema()
     ORDER BY table_name, ordinal_position`,
  );
  const constraints = await client.query<{ table: string; name: string; def: string }>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
     JOIN pg_namespace n ON n.oid = k.connamespace
     WHERE n.nspname = current_schema() ORDER BY c.relname, k.conname`,
  );
  const indexes = await client.query<{ def: string; schema: string }>(
    `SELECT i.indexdef AS def, i.schemaname AS schema FROM pg_indexes i
     WHERE i.schemaname = current_schema()
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
         WHERE n.nspname = i.schemaname AND k.conname = i.indexname)
     ORDER BY i.tablename, i.indexname`,
  );

  // Triggers and their functions (analytics' activity_days is kept by them), schema-free.
  const triggers = await client.query<{ def: string }>(
    `SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY t.tgname`,
  );
  const functions = await client.query<{ def: string }>(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p
     JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() ORDER BY p.proname`,
  );

  const out: string[] = [];
  for (const table of tables.rows) {
    const cols = columns.rows
      .filter((c) => c.table === table.name)
      .map((c) => {
        let line = `  ${c.name} ${c.type}`;
        if (c.collation) line += ` COLLATE "${c.collation}"`;
        if (c.identity) line += ` GENERATED ${c.identity} AS IDENTITY`;
        if (c.default !== null) line += ` DEFAULT ${c.default}`;
        if (c.nullable === 'NO') line += ' NOT NULL';
        return line;
      });
    const options = table.options ? ` WITH (${table.options.join(', ')})` : '';
    out.push(`CREATE TABLE ${table.name} (\n${cols.join(',\n')}\n)${options};\n`);
    for (const k of constraints.rows.filter((k) => k.table === table.name)) {
      out.push(`ALTER TABLE ${table.name} ADD CONSTRAINT ${k.name} ${k.def};\n`);
    }
    out.push('\n');
  }
  for (const index of indexes.rows) {
    out.push(index.def.replace(` ON ${index.schema}.`, ' ON ') + ';\n');
  }
  const unqualified = (def: string) =>
    def
      .replaceAll(
        /\b(?:"[^"]+"|[a-z_][a-z0-9_]*)\.(activity_days\w*|active_days_\w+|stage_changes\w*|profile_facts_\w+|profile_facts|early_hours_\w+|journey_step_counts_\w+|events|profiles|journey_runs)\b/g,
        '$1',
      )
      .replace(/search_path TO [^\n]*/, 'search_path FROM CURRENT');
  for (const f of functions.rows) out.push('\n' + unqualified(f.def).trim() + ';\n');
  for (const t of triggers.rows) out.push('\n' + unqualified(t.def) + ';\n');
  return out.join('');
}
