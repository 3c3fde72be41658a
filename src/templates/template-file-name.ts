import type { TemplateKind } from './template-source.js';

export interface TemplateFileName {
  id: string;
  persona: string | null;
  kind: TemplateKind;
}

const KINDS: Record<string, TemplateKind> = { mjml: 'email', inapp: 'inapp', text: 'text' };

// Ids and persona names follow the definitions' snake_case names (cairn.yaml refers to both).
const PATTERN = /^([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\.(mjml|inapp|text)\.liquid$/;

/**
 * `<id>[.<persona>].<kind>.liquid` → its parts, or null when the name does not follow the
 * layout. Persona variants are chosen by file name rather than front-matter so that each variant
 * is a whole file with its own line numbers, and `ls templates/` shows which exist.
 */
export function parseTemplateFileName(name: string): TemplateFileName | null {
  const match = PATTERN.exec(name);
  if (!match) return null;
  return { id: match[1], persona: match[2] ?? null, kind: KINDS[match[3]] };
}
