/**
 * A query with a name: node-postgres prepares it once per connection and afterwards sends only
 * the name and the values, so PostgreSQL skips parsing and planning on the hot paths. Every
 * NamedQuery is also checked with PREPARE when the store opens (see `validateQueries`).
 */
export interface NamedQuery {
  name: string;
  text: string;
}

export function named(name: string, text: string): NamedQuery {
  return { name: `cairn_${name}`, text };
}
