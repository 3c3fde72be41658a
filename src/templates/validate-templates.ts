import { checkTemplates, type CheckOptions } from './check-template.js';
import { LiquidRenderer } from './liquid-renderer.js';
import { loadTemplates } from './load-templates.js';
import type { MjmlCompiler } from './mjml-compiler.js';
import { renderContextShape } from './render-context-shape.js';
import { TemplateError, type TemplateIssue } from './template-error.js';
import type { VariableShape } from './variable-shape.js';

export interface ValidateOptions extends CheckOptions {
  /** What variables exist; default: any trait, event, milestone (only fixed keys are checked). */
  shape?: VariableShape;
  mjml?: MjmlCompiler;
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
  const { set, issues } = await loadTemplates(dir);
  issues.push(...checkTemplates(set, options.shape ?? renderContextShape(), options));
  try {
    await LiquidRenderer.create(set, { mjml: options.mjml });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    issues.push(...error.issues);
  }
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const key = `${i.file}:${i.line}:${i.column}:${i.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
    );
}
