import {
  Context,
  IfTag,
  Output,
  toValueSync,
  TypeGuards,
  type Liquid,
  type Template,
  type TopLevelToken,
  type Value,
} from 'liquidjs';
import { slackEscape } from './liquid-engines.js';

type Scalar = string | number | boolean | null;

/** One step of a render: static text, a variable, an `if`, or a template liquidjs renders. */
export type Step =
  | string
  | { kind: 'output'; path: string[]; escape: (value: Scalar) => string; template: Template }
  | {
      kind: 'if';
      branches: { value: Value; path: string[] | null; steps: Step[] }[];
      otherwise: Step[];
    }
  | { kind: 'liquid'; template: Template };

const MISSING = Symbol('missing');
/** A lookup liquidjs must do: an array, a string's `size`, a Drop… */
const DEFER = Symbol('defer');

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const text = (value: Scalar) => (value === null ? '' : String(value));
/** Byte for byte what liquidjs' `escape` filter outputs. */
const html = (value: Scalar) => text(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Prepares a parsed template for the per-recipient loop. liquidjs evaluates every `{{ … }}` and
 * `{% if %}` through a chain of generators (microseconds each), and an email has dozens. The two
 * commonest shapes — a plain variable path printed, an `if` on a plain variable path — are
 * evaluated here directly, with liquidjs' semantics (own properties only, same escaping, Liquid
 * truthiness, `lenientIf`). Anything else, and any lookup that is not a plain hit (a missing
 * variable, null along the way, an array, `size`…), goes to liquidjs, which then also raises the
 * strict-mode error. `render-steps.test.ts` renders the same templates both ways.
 *
 * Returns null when the template assigns variables: direct lookups would not see them.
 */
export function renderSteps(engine: Liquid, templates: Template[]): Step[] | null {
  if (Object.keys(engine.analyzeSync(templates).locals).length > 0) return null;
  return stepsOf(engine, templates, escaperOf(engine));
}

export function renderWithSteps(engine: Liquid, steps: Step[], scope: object): string {
  const state: { context?: Context } = {};
  return run(engine, steps, scope, state);
}

function run(engine: Liquid, steps: Step[], scope: object, state: { context?: Context }): string {
  let out = '';
  for (const step of steps) {
    if (typeof step === 'string') {
      out += step;
      continue;
    }
    if (step.kind === 'output') {
      const value = lookup(scope, step.path);
      if (value !== MISSING && value !== DEFER && isScalar(value)) {
        out += step.escape(value);
        continue;
      }
    } else if (step.kind === 'if') {
      let chosen: Step[] | null = null;
      for (const branch of step.branches) {
        let value = branch.path ? lookup(scope, branch.path) : DEFER;
        if (value === MISSING) value = null; // lenientIf: an undefined variable is false
        if (value === DEFER) {
          state.context ??= contextFor(engine, scope);
          value = toValueSync(branch.value.value(state.context, true));
        }
        if (value !== false && value !== null && value !== undefined) {
          chosen = branch.steps;
          break;
        }
      }
      out += run(engine, chosen ?? step.otherwise, scope, state);
      continue;
    }
    // One context per render, shared by the steps, as liquidjs would use for the whole template.
    state.context ??= contextFor(engine, scope);
    out += engine.renderSync([step.template], state.context) as string;
  }
  return out;
}

function contextFor(engine: Liquid, scope: object): Context {
  return new Context(scope, engine.options, { sync: true }, { liquid: engine });
}

function stepsOf(
  engine: Liquid,
  templates: Template[],
  escape: ((value: Scalar) => string) | null,
): Step[] {
  const steps: Step[] = [];
  for (const template of templates) {
    const token = template.token as TopLevelToken;
    let step: Step = { kind: 'liquid', template };
    if (TypeGuards.isHTMLToken(token)) {
      step = token.getContent();
    } else if (template instanceof Output && escape) {
      // No filter but the engine's own output escape, which liquidjs appends (unless `| raw`).
      const filters = template.value.filters as unknown as { handler: unknown }[];
      const outputEscape = engine.options.outputEscape;
      const plain = outputEscape
        ? filters.length === 1 && filters[0].handler === outputEscape
        : filters.length === 0;
      const path = plain ? plainPath(template.value) : null;
      if (path) step = { kind: 'output', path, escape, template };
    } else if (template instanceof IfTag) {
      step = {
        kind: 'if',
        branches: template.branches.map(({ value, templates: inner }) => ({
          value,
          path: value.filters.length === 0 ? plainPath(value) : null,
          steps: stepsOf(engine, inner, escape),
        })),
        otherwise: stepsOf(engine, template.elseTemplates ?? [], escape),
      };
    }
    const last = steps.length - 1;
    if (typeof step === 'string' && typeof steps[last] === 'string') steps[last] += step;
    else steps.push(step);
  }
  return steps;
}

function escaperOf(engine: Liquid): ((value: Scalar) => string) | null {
  const outputEscape = engine.options.outputEscape;
  if (outputEscape === undefined) return text;
  if (outputEscape === engine.filters.escape) return html;
  if (outputEscape === slackEscape) return slackEscape;
  return null;
}

/** `user.first_name` or `event.properties["plan name"]`, with no operator → its path. */
function plainPath(value: Value): string[] | null {
  const postfix = (value.initial as unknown as { postfix?: unknown[] }).postfix;
  if (!postfix || postfix.length !== 1) return null;
  const access = postfix[0];
  if (!TypeGuards.isPropertyAccessToken(access) || access.variable) return null;
  const path: string[] = [];
  for (const prop of access.props) {
    if (TypeGuards.isWordToken(prop) || TypeGuards.isQuotedToken(prop)) path.push(prop.content);
    else return null;
  }
  return path.length > 0 ? path : null;
}

const isScalar = (value: unknown): value is Scalar =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean';

const SPECIAL = new Set(['size', 'first', 'last']);

/** The value at `path`: MISSING when a key is absent or undefined, null when the path crosses
 * null (as liquidjs reads it), DEFER when only liquidjs knows. */
function lookup(scope: object, path: string[]): unknown {
  let value: unknown = scope;
  for (const key of path) {
    // liquidjs reads through null (giving null) but not through undefined (an error).
    if (value === undefined) return MISSING;
    if (value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return DEFER;
    if (!Object.hasOwn(value, key)) return SPECIAL.has(key) ? DEFER : MISSING;
    value = (value as Record<string, unknown>)[key];
    if (typeof value === 'function') return DEFER;
  }
  return value;
}
