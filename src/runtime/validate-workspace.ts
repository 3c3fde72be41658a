import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import {
  DefinitionsError,
  loadDefinitions,
  type DefinitionIssue,
  type LoadedDefinitions,
} from '../definitions/index.js';
import { locate } from '../definitions/positions.js';
import type { Path } from '../definitions/rule-walk.js';
import { checkTemplateReferences } from '../templates/check-references.js';
import type { LiquidRenderer } from '../templates/liquid-renderer.js';
import type { MjmlCompiler } from '../templates/mjml-compiler.js';
import { renderContextShape } from '../templates/render-context-shape.js';
import { templateVocabulary } from '../templates/template-vocabulary.js';
import { checkTemplateFolder } from '../templates/validate-templates.js';

export interface WorkspaceTemplates {
  /** Null when a template does not compile. */
  renderer: LiquidRenderer | null;
  /** How many templates (base files and persona variants) the folder holds. */
  templates: number;
  /** The journeys' references to missing or mismatched templates, then template problems. */
  issues: DefinitionIssue[];
}

export interface WorkspaceValidation extends WorkspaceTemplates {
  /** Null when cairn.yaml does not load (its problems are the first issues). */
  definitions: LoadedDefinitions | null;
}

/** A workspace keeps its templates in `templates/` beside its definitions file. */
export function templatesDirOf(configFile: string | null): string {
  return configFile ? join(dirname(configFile), 'templates') : 'templates';
}

/**
 * Everything `cairn validate` checks: the definitions file, then the templates folder beside it
 * against the variables those definitions make exist (milestones, persona dimensions, the
 * events they name), their persona variants and topics, and every template a journey names.
 * Problems are returned, all of them, with file, line and column.
 */
export async function validateWorkspace(
  configFile: string,
  options: { mjml?: MjmlCompiler } = {},
): Promise<WorkspaceValidation> {
  let definitions: LoadedDefinitions | null = null;
  const issues: DefinitionIssue[] = [];
  try {
    definitions = await loadDefinitions(configFile);
  } catch (error) {
    if (!(error instanceof DefinitionsError)) throw error;
    issues.push(...error.issues);
  }
  const templates = await checkWorkspaceTemplates(configFile, definitions, options);
  return { ...templates, definitions, issues: [...issues, ...templates.issues] };
}

/**
 * The template half of `validateWorkspace`, for a process that already holds its definitions:
 * `cairn serve` refuses to start when this reports a problem, as it does for broken
 * definitions, and keeps the compiled renderer otherwise.
 */
export async function checkWorkspaceTemplates(
  configFile: string | null,
  definitions: LoadedDefinitions | null,
  options: { mjml?: MjmlCompiler } = {},
): Promise<WorkspaceTemplates> {
  const dir = templatesDirOf(configFile);
  const vocabulary = definitions ? templateVocabulary(definitions.definitions) : {};
  const checked = await checkTemplateFolder(dir, {
    ...vocabulary,
    shape: renderContextShape(vocabulary),
    mjml: options.mjml,
  });
  // Template files are named as found from here, like the definitions file.
  const issues: DefinitionIssue[] = checked.issues.map((issue) =>
    issue.file.startsWith('templates/')
      ? { ...issue, file: join(dirname(dir), issue.file) }
      : issue,
  );
  if (definitions && configFile) {
    // cairn.yaml's own problems come first, like the loader's.
    const positions = await yamlPositions(configFile);
    issues.unshift(
      ...checkTemplateReferences(definitions.definitions, checked.set, configFile, positions, dir),
    );
  }
  const templates = checked.set.templates.reduce((n, f) => n + 1 + f.variants.size, 0);
  return { renderer: checked.renderer, templates, issues };
}

/**
 * Finds where a path is written in the definitions file. `send: welcome` is the short form of
 * `send: { template: welcome }`: a path into it points at the template id itself.
 */
async function yamlPositions(file: string) {
  const lines = new LineCounter();
  const doc = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines, merge: true });
  return (path: Path) => {
    const parent = doc.getIn(path.slice(0, -1), true);
    const at = isScalar(parent) ? path.slice(0, -1) : path;
    return locate(doc, lines, at);
  };
}
