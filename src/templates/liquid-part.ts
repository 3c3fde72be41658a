import { TokenKind, type Liquid, type Template } from 'liquidjs';
import { narrowString } from './narrow-string.js';
import { renderSteps, renderWithSteps, type Step } from './render-steps.js';
import { TemplateError, type TemplateIssue } from './template-error.js';
import type { LiquidPart } from './template-source.js';

/** Where a piece of Liquid came from in the workspace's files. */
export interface Origin {
  file: string;
  path: string;
  line: number;
  column: number;
}

/** Maps an offset in the source a Liquid template was parsed from back to a file position. */
export type Locator = (offset: number) => Origin;

/** A parsed piece of Liquid, ready to render for any number of recipients. */
export interface CompiledPart {
  templates: Template[];
  locate: Locator;
  /** How to render it fast; null: let liquidjs render `templates` whole. */
  steps: Step[] | null;
  /** Whether it has any tag (`if`, `for`…), i.e. can leave blank lines behind. */
  hasTags: boolean;
}

/** The position of `offset` in `text`, given where `text` starts. */
export function advance(origin: Origin, text: string, offset: number): Origin {
  let { line, column } = origin;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { ...origin, line, column };
}

export function partLocator(part: LiquidPart): Locator {
  const start: Origin = { file: part.file, path: part.path, line: part.line, column: part.column };
  return (offset) => advance(start, part.source, offset);
}

/** Parses Liquid, turning a syntax error or unknown filter into a TemplateError at its line. */
export function compileLiquid(engine: Liquid, source: string, locate: Locator): CompiledPart {
  let templates: Template[];
  try {
    // Narrow, so that the text liquidjs slices from it is too (see narrow-string.ts).
    templates = engine.parse(narrowString(source));
  } catch (error) {
    throw new TemplateError([liquidIssue(error, locate)], { cause: error });
  }
  const steps = renderSteps(engine, templates);
  const hasTags = templates.some((t) => (t.token as { kind: number }).kind === TokenKind.Tag);
  return { templates, locate, steps, hasTags };
}

export function compilePart(engine: Liquid, part: LiquidPart): CompiledPart {
  return compileLiquid(engine, part.source, partLocator(part));
}

/** Renders for one recipient; a strict-mode failure becomes a TemplateError at its line. */
export function renderPart(engine: Liquid, part: CompiledPart, scope: object): string {
  try {
    if (part.steps) return renderWithSteps(engine, part.steps, scope);
    return engine.renderSync(part.templates, scope) as string;
  } catch (error) {
    throw new TemplateError([liquidIssue(error, part.locate)], { cause: error });
  }
}

interface LiquidLikeError {
  name?: string;
  message: string;
  token?: { begin: number };
  originalError?: unknown;
}

/** liquidjs errors carry the token they failed on; the innermost one with a token is the most
 * precise (a RenderError for an `if` wraps the variable lookup that failed inside it). */
export function liquidIssue(error: unknown, locate: Locator): TemplateIssue {
  let found = error as LiquidLikeError;
  let begin: number | null = found.token?.begin ?? null;
  for (let e = found.originalError as LiquidLikeError | undefined; e;) {
    if (e.token) {
      found = e;
      begin = e.token.begin;
    }
    e = e.originalError as LiquidLikeError | undefined;
  }
  const origin = begin === null ? locate(0) : locate(begin);
  const raw = String((found as LiquidLikeError).message ?? error).replace(
    /(, file:[^,]*)?, line:\d+, col:\d+$/,
    '',
  );
  const variable = /^undefined variable: (.+)$/.exec(raw);
  if (variable)
    return { ...origin, code: 'unknown-variable', message: `unknown variable ${variable[1]}` };
  const filter = /^undefined filter: (.+)$/.exec(raw);
  if (filter) return { ...origin, code: 'unknown-filter', message: `unknown filter ${filter[1]}` };
  return { ...origin, code: 'syntax', message: raw };
}
