import type { Liquid } from 'liquidjs';
import { DEFAULT_LAYOUT } from './default-layout.js';
import { createLiquidEngines } from './liquid-engines.js';
import { liquidIssue, partLocator } from './liquid-part.js';
import { MESSAGE_SHAPE } from './render-context-shape.js';
import type { TemplateIssue } from './template-error.js';
import type { TemplateSet } from './template-set.js';
import { CONTENT_MARKER, type LiquidPart } from './template-source.js';
import { formatPath, unknownSegment, type VariableShape } from './variable-shape.js';

export interface CheckOptions {
  /** Declared persona names: a variant for any other persona would never be picked. */
  personas?: readonly string[];
  /** Declared subscription topics. */
  topics?: readonly string[];
}

/**
 * Checks every template of a set against the variables that exist, without rendering: each
 * reference to a variable the shape does not have is reported at its line
 * (`templates/welcome.mjml.liquid:3:9 unknown variable user.frist_name`), as are syntax errors,
 * unknown filters, and variants or topics cairn.yaml does not declare.
 */
export function checkTemplates(
  set: TemplateSet,
  shape: VariableShape,
  options: CheckOptions = {},
): TemplateIssue[] {
  const engine = createLiquidEngines().text;
  const withMessage: VariableShape =
    shape.kind === 'object'
      ? { ...shape, fields: { ...shape.fields, message: MESSAGE_SHAPE } }
      : shape;
  const issues: TemplateIssue[] = [];
  for (const family of set.templates) {
    for (const t of [family.base, ...family.variants.values()]) {
      const { file, persona, kind } = t.source;
      const at = { file, line: 1, column: 1, path: '' };
      if (persona && options.personas && !options.personas.includes(persona)) {
        issues.push({
          ...at,
          code: 'file-name',
          message: `no persona named ${persona} in cairn.yaml`,
        });
      }
      const topic = t.source.settings.topic;
      if (topic && options.topics && !options.topics.includes(topic)) {
        issues.push({
          ...at,
          ...t.source.settingAt?.topic,
          path: 'topic',
          code: 'front-matter',
          message: `no topic named ${topic} in cairn.yaml`,
        });
      }
      for (const part of Object.values(t.source.fields))
        issues.push(...checkPart(engine, part, shape));
      const bodyShape = kind === 'email' ? withMessage : shape;
      issues.push(...checkPart(engine, t.source.body, bodyShape));
    }
  }
  const layouts = [...set.layouts.values()];
  if (!set.layouts.has('default')) layouts.push(DEFAULT_LAYOUT);
  for (const layout of layouts) {
    // Blanked rather than removed, so columns after the marker stay right.
    const source = layout.body.source.replace(CONTENT_MARKER, ' '.repeat(CONTENT_MARKER.length));
    issues.push(...checkPart(engine, { ...layout.body, source }, withMessage));
  }
  return issues;
}

/** One piece of Liquid: parse errors, then each unknown variable. */
export function checkPart(engine: Liquid, part: LiquidPart, shape: VariableShape): TemplateIssue[] {
  const locate = partLocator(part);
  let analysis;
  try {
    analysis = engine.analyzeSync(engine.parse(part.source));
  } catch (error) {
    return [{ ...liquidIssue(error, locate), path: part.path }];
  }
  const issues: TemplateIssue[] = [];
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const bad = unknownSegment(shape, variable.segments);
      if (bad === -1) continue;
      const { row, col } = variable.location;
      issues.push({
        code: 'unknown-variable',
        file: part.file,
        line: part.line + row - 1,
        column: row === 1 ? part.column + col - 1 : col,
        path: part.path,
        message: `unknown variable ${formatPath(variable.segments.slice(0, bad + 1))}`,
      });
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}
