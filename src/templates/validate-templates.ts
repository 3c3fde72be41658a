import { checkTemplates, type CheckOptions } from './check-template.js';
import { LiquidRenderer } from './liquid-renderer.js';
import { loadTemplates } from './load-templates.js';
import type { MjmlCompiler } from './mjml-compiler.js';
import { renderContextShape } from './render-context-shape.js';
import { TemplateError, type TemplateIssue } from './template-error.js';
import type { TemplateSet } from './template-set.js';
import type { VariableShape } from './variable-shape.js';

export interface ValidateOptions extends CheckOptions {
  /** What variables exist; default: any trait, event, milestone (only fixed keys are checked). */
  shape?: VariableShape;
  mjml?: MjmlCompiler;
}

export interface CheckedTemplates {
  set: TemplateSet;
  /** Null when a template does not compile (the problems say why). */
  renderer: LiquidRenderer | null;
  /** Sorted by file and position; empty when every template is fine. */
  issues: TemplateIssue[];
}

/**
 * Everything `cairn validate` reports about a templates folder: file names and front-matter,
 * Liquid syntax and filters, unknown variables, and what MJML makes of each email (including
 * Liquid it would drop). Problems come back sorted by file and line; an empty list means the
 * folder loads and every template compiles.
 */
export async function validateTemplates(
  dir: string,
  options: ValidateOptions = {},
): Promise<TemplateIssue[]> {
  return (await checkTemplateFolder(dir, options)).issues;
}

/**
 * `validateTemplates`, keeping what it compiled: a process that starts only with valid
 * templates checks and compiles them once.
 */
export async function checkTemplateFolder(
  dir: string,
  options: ValidateOptions = {},
): Promise<CheckedTemplates> {
  const { set, issues } = await loadTemplates(dir);
  issues.push(...checkTemplates(set, options.shape ?? renderContextShape(), options));
  let renderer: LiquidRenderer | null = null;
  try {
    renderer = await LiquidRenderer.create(set, { mjml: options.mjml, displayDir: dirName(dir) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    issues.push(...error.issues);
  }
  const seen = new Set<string>();
  const sorted = issues
    .filter((i) => {
      const key = `${i.file}:${i.line}:${i.column}:${i.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
    );
  return { set, renderer, issues: sorted };
}

/** The folder's own name, as `loadTemplates` names files (`templates/welcome.mjml.liquid`). */
function dirName(dir: string): string {
  return (
    dir
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || 'templates'
  );
}
