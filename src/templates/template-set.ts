import { TemplateError, type TemplateIssue } from './template-error.js';
import { parseTemplateFile } from './parse-template-file.js';
import { parseTemplateFileName } from './template-file-name.js';
import {
  CONTENT_MARKER,
  DEFAULT_SETTINGS,
  type LayoutSource,
  type LiquidPart,
  type TemplateKind,
  type TemplateSettings,
  type TemplateSource,
} from './template-source.js';

/** A template or persona variant with its inheritance applied: what the compiler works from. */
export interface ResolvedTemplate {
  source: TemplateSource;
  /** The variant's Liquid fields, plus the base's for those it leaves out. */
  fields: Record<string, LiquidPart>;
  settings: TemplateSettings;
}

export interface TemplateFamily {
  kind: TemplateKind;
  id: string;
  base: ResolvedTemplate;
  /** By persona name. */
  variants: Map<string, ResolvedTemplate>;
}

export interface TemplateSet {
  templates: TemplateFamily[];
  /** Workspace layouts by name; `default` here replaces the built-in one. */
  layouts: Map<string, LayoutSource>;
}

export interface TemplateFile {
  /** Path inside the templates folder, with `/`: `welcome.mjml.liquid`, `layouts/brand.mjml.liquid`. */
  name: string;
  text: string;
}

const REQUIRED: Record<TemplateKind, readonly string[]> = {
  email: ['subject'],
  inapp: ['title'],
  text: [],
};
const LAYOUT_FILE = /^layouts\/([a-z][a-z0-9_]*)\.mjml\.liquid$/;

/**
 * Groups the files of a templates folder into families (a base template and its persona
 * variants) and layouts, reporting every problem at once. Pure: `loadTemplates` reads the folder.
 */
export function templateSetFromFiles(
  files: readonly TemplateFile[],
  displayDir = 'templates',
): { set: TemplateSet; issues: TemplateIssue[] } {
  const issues: TemplateIssue[] = [];
  const sources: TemplateSource[] = [];
  const layouts = new Map<string, LayoutSource>();
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, text } of sorted) {
    const file = `${displayDir}/${name}`;
    const layout = LAYOUT_FILE.exec(name);
    if (layout) {
      const markers = text.split(CONTENT_MARKER).length - 1;
      if (markers !== 1) {
        issues.push(at(file, 'layout', `a layout contains ${CONTENT_MARKER} exactly once`));
      } else if (layout[1] === 'none') {
        issues.push(at(file, 'layout', '"none" means no layout; choose another name'));
      }
      const body = { file, path: '', source: text, line: 1, column: 1 };
      layouts.set(layout[1], { file, name: layout[1], body });
      continue;
    }
    if (name.includes('/') || !name.endsWith('.liquid')) continue;
    const parsedName = parseTemplateFileName(name);
    if (!parsedName) {
      const hint = 'expected <id>[.<persona>].<mjml|inapp|text>.liquid, in snake_case';
      issues.push(at(file, 'file-name', hint));
      continue;
    }
    const parsed = parseTemplateFile(file, parsedName, text);
    issues.push(...parsed.issues);
    if (parsed.template) sources.push(parsed.template);
  }

  const templates: TemplateFamily[] = [];
  const byKey = new Map<string, TemplateFamily>();
  for (const source of sources.filter((s) => s.persona === null)) {
    const family: TemplateFamily = {
      kind: source.kind,
      id: source.id,
      base: resolve(source, null),
      variants: new Map(),
    };
    byKey.set(`${source.kind}:${source.id}`, family);
    templates.push(family);
  }
  for (const source of sources.filter((s) => s.persona !== null)) {
    const family = byKey.get(`${source.kind}:${source.id}`);
    if (!family) {
      const base = source.file.replace(`.${source.persona}.`, '.');
      issues.push(at(source.file, 'missing-template', `a persona variant needs its base ${base}`));
      continue;
    }
    family.variants.set(source.persona as string, resolve(source, family.base));
  }
  for (const family of templates) {
    for (const t of [family.base, ...family.variants.values()]) issues.push(...check(t, layouts));
  }
  return { set: { templates, layouts }, issues };
}

/** Like `templateSetFromFiles`, but throws a TemplateError listing every problem. */
export function templateSet(files: readonly TemplateFile[], displayDir?: string): TemplateSet {
  const { set, issues } = templateSetFromFiles(files, displayDir);
  if (issues.length > 0) throw new TemplateError(issues);
  return set;
}

function resolve(source: TemplateSource, base: ResolvedTemplate | null): ResolvedTemplate {
  return {
    source,
    fields: { ...base?.fields, ...source.fields },
    settings: { ...DEFAULT_SETTINGS, ...base?.settings, ...source.settings },
  };
}

function check(t: ResolvedTemplate, layouts: Map<string, LayoutSource>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const { file, kind } = t.source;
  for (const field of REQUIRED[kind]) {
    if (!t.fields[field]) issues.push(at(file, 'front-matter', `missing front-matter: ${field}`));
  }
  if (kind === 'inapp' && !t.fields.cta_label !== !t.fields.cta_url) {
    const given = t.fields.cta_label ?? t.fields.cta_url;
    issues.push({
      ...at(file, 'front-matter', 'cta_label and cta_url go together'),
      line: given.line,
      path: given.path,
    });
  }
  const layout = t.settings.layout;
  if (kind === 'email' && layout !== 'default' && layout !== 'none' && !layouts.has(layout)) {
    issues.push({
      ...at(
        file,
        'layout',
        `no layout ${layout}: expected templates/layouts/${layout}.mjml.liquid`,
      ),
      ...t.source.settingAt?.layout,
      path: 'layout',
    });
  }
  return issues;
}

function at(file: string, code: TemplateIssue['code'], message: string): TemplateIssue {
  return { code, file, line: 1, column: 1, path: '', message };
}
