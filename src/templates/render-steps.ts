import {
  Context,
  ForTag,
  IfTag,
  Output,
  toValueSync,
  TypeGuards,
  type Liquid,
  type Template,
  type TopLevelToken,
  type Value,
} from 'liquidjs';
import { emailEscape, slackEscape } from './liquid-engines.js';

type Scalar = string | number | boolean | null;

/** One step of a render: static text, a variable, an `if`, a `for`, or a template liquidjs renders. */
export type Step =
  | string
  | {
      kind: 'output';
      path: string[];
      /** `| default: <literal>`, which also makes a missing variable nil rather than an error. */
      fallback?: Scalar;
      escape: (value: Scalar) => string;
      template: Template;
    }
  | {
      kind: 'if';
      branches: { value: Value; test: Test | null; steps: Step[] }[];
      otherwise: Step[];
    }
  | {
      kind: 'for';
      variable: string;
      name: string;
      path: string[];
      body: Step[];
      otherwise: Step[];
      template: Template;
    }
  | { kind: 'liquid'; template: Template };

/** `{% if a.b %}`, or `{% if a.b == "x" %}` / `!=` against a literal. */
interface Test {
  path: string[];
  compare?: { negate: boolean; literal: string | number };
}

/** A `for` loop being run: its variable, the current item, and its `forloop` object. */
interface Frame {
  variable: string;
  item: unknown;
  forloop: Forloop;
}

/** liquidjs' `forloop` as plain own properties, printing as its drop does. */
class Forloop {
  readonly first: boolean;
  readonly last: boolean;
  readonly index: number;
  readonly index0: number;
  readonly rindex: number;
  readonly rindex0: number;
  constructor(
    i: number,
    readonly length: number,
    readonly name: string,
  ) {
    this.first = i === 0;
    this.last = i === length - 1;
    this.index = i + 1;
    this.index0 = i;
    this.rindex = length - i;
    this.rindex0 = length - i - 1;
  }
  toString(): string {
    return JSON.stringify({ i: this.index0, length: this.length, name: this.name });
  }
}

interface State {
  context?: Context;
}

const MISSING = Symbol('missing');
/** A lookup liquidjs must do: an array element, a string's `size`, a Drop… */
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
 * Prepares a parsed template for the per-recipient loop. liquidjs evaluates every `{{ … }}`,
 * `{% if %}` and `{% for %}` through a chain of generators (microseconds each), and an email has
 * dozens. The commonest shapes — a variable path printed, an `if` on a path, a `for` over a path
 * without parameters — are run here directly, with liquidjs' semantics (own properties only, the
 * same escaping, Liquid truthiness, `lenientIf`, the `forloop` object). Everything else, and any
 * lookup that is not a plain hit (a missing variable, an array index, `size`…), is handed to
 * liquidjs, which then also raises the strict-mode error. `render-steps.test.ts` renders a matrix
 * of templates and data both ways and requires identical results.
 *
 * Returns null when the template assigns variables: direct lookups would not see them.
 */
export function renderSteps(engine: Liquid, templates: Template[]): Step[] | null {
  if (Object.keys(engine.analyzeSync(templates).locals).length > 0) return null;
  return stepsOf(engine, templates, escaperOf(engine));
}

export function renderWithSteps(engine: Liquid, steps: Step[], scope: object): string {
  return run(engine, steps, scope, [], {});
}

function run(engine: Liquid, steps: Step[], scope: object, frames: Frame[], state: State): string {
  let out = '';
  for (const step of steps) {
    if (typeof step === 'string') {
      out += step;
      continue;
    }
    if (step.kind === 'output') {
      let value = lookup(scope, frames, step.path);
      if (step.fallback !== undefined) {
        // liquidjs' `default`: nil, false and empty strings give way; lenient, like `if`.
        if (value === MISSING || value === undefined) value = null;
        if (value === null || value === false || value === '') value = step.fallback;
      }
      if (value !== MISSING && value !== DEFER && isScalar(value)) {
        out += step.escape(value);
        continue;
      }
    } else if (step.kind === 'if') {
      let chosen: Step[] = step.otherwise;
      for (const branch of step.branches) {
        let value = branch.test ? test(scope, frames, branch.test) : DEFER;
        if (value === DEFER) {
          value = inContext(engine, scope, frames, state, (c) =>
            toValueSync(branch.value.value(c, true)),
          );
        }
        if (value !== false && value !== null && value !== undefined) {
          chosen = branch.steps;
          break;
        }
      }
      out += run(engine, chosen, scope, frames, state);
      continue;
    } else if (step.kind === 'for') {
      const items = lookup(scope, frames, step.path);
      if (items === null || Array.isArray(items)) {
        if (!items || items.length === 0) {
          out += run(engine, step.otherwise, scope, frames, state);
          continue;
        }
        const length = items.length;
        for (let i = 0; i < length; i++) {
          const frame = {
            variable: step.variable,
            item: items[i],
            forloop: new Forloop(i, length, step.name),
          };
          out += run(engine, step.body, scope, [...frames, frame], state);
        }
        continue;
      }
    }
    out += inContext(
      engine,
      scope,
      frames,
      state,
      (c) => engine.renderSync([step.template], c) as string,
    );
  }
  return out;
}

/** Runs `fn` on one liquidjs context per render, with the enclosing loops' variables in scope. */
function inContext<T>(
  engine: Liquid,
  scope: object,
  frames: Frame[],
  state: State,
  fn: (c: Context) => T,
): T {
  const context = (state.context ??= new Context(
    scope,
    engine.options,
    { sync: true },
    { liquid: engine },
  ));
  for (const frame of frames)
    context.push({ [frame.variable]: frame.item, forloop: frame.forloop });
  try {
    return fn(context);
  } finally {
    for (let i = 0; i < frames.length; i++) context.pop();
  }
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
      // No filter but `default: <literal>` and the engine's own output escape, which liquidjs
      // appends (unless the last filter is `raw`).
      const filters = template.value.filters as unknown as FilterLike[];
      const outputEscape = engine.options.outputEscape;
      const own =
        outputEscape && filters.at(-1)?.handler === outputEscape ? filters.slice(0, -1) : null;
      const mine = outputEscape ? own : filters;
      const fallback = mine?.length === 1 ? defaultLiteral(mine[0]) : undefined;
      const plain = mine !== null && (mine.length === 0 || fallback !== undefined);
      const path = plain ? plainPath(template.value.initial as unknown as Expression) : null;
      if (path)
        step = {
          kind: 'output',
          path,
          escape,
          template,
          ...(fallback === undefined ? {} : { fallback }),
        };
    } else if (template instanceof IfTag) {
      step = {
        kind: 'if',
        branches: template.branches.map(({ value, templates: inner }) => ({
          value,
          test: value.filters.length === 0 ? testOf(value.initial as unknown as Expression) : null,
          steps: stepsOf(engine, inner, escape),
        })),
        otherwise: stepsOf(engine, template.elseTemplates ?? [], escape),
      };
    } else if (template instanceof ForTag) {
      const path = accessPath(template.collection);
      const plain = Object.keys(template.hash.hash).length === 0 && !breaksOut(template.templates);
      if (path && plain) {
        step = {
          kind: 'for',
          variable: template.variable,
          name: `${template.variable}-${template.collection.getText()}`,
          path,
          body: stepsOf(engine, template.templates, escape),
          otherwise: stepsOf(engine, template.elseTemplates, escape),
          template,
        };
      }
    }
    const last = steps.length - 1;
    if (typeof step === 'string' && typeof steps[last] === 'string') steps[last] += step;
    else steps.push(step);
  }
  return steps;
}

/** Whether a `break` or `continue` sits anywhere inside: the direct loop does not stop early. */
function breaksOut(templates: Template[]): boolean {
  return templates.some((t) => {
    const name = (t.token as { name?: string }).name;
    if (name === 'break' || name === 'continue') return true;
    const children = [
      ...((t as { templates?: Template[] }).templates ?? []),
      ...((t as { elseTemplates?: Template[] }).elseTemplates ?? []),
      ...((t as { branches?: { templates: Template[] }[] }).branches ?? []).flatMap(
        (b) => b.templates,
      ),
    ];
    return breaksOut(children);
  });
}

function escaperOf(engine: Liquid): ((value: Scalar) => string) | null {
  const outputEscape = engine.options.outputEscape;
  if (outputEscape === undefined) return text;
  if (outputEscape === engine.filters.escape) return html;
  if (outputEscape === slackEscape) return slackEscape;
  if (outputEscape === emailEscape) return emailEscape;
  return null;
}

type Expression = { postfix?: unknown[] };
type FilterLike = { name: string; handler: unknown; args: unknown[] };

/** The literal of `default: "there"` (no keyword arguments), else undefined. */
function defaultLiteral(filter: FilterLike): string | number | undefined {
  if (filter.name !== 'default' || filter.args.length !== 1) return undefined;
  return literalOf(filter.args[0]) ?? undefined;
}

function literalOf(token: unknown): string | number | null {
  if (TypeGuards.isQuotedToken(token)) return token.content;
  if (TypeGuards.isNumberToken(token)) return token.content;
  return null;
}

function testOf(expression: Expression): Test | null {
  const postfix = expression.postfix ?? [];
  if (postfix.length === 1) {
    const path = accessPath(postfix[0]);
    return path ? { path } : null;
  }
  if (postfix.length !== 3) return null;
  const operator = (postfix[2] as { operator?: string }).operator;
  const path = accessPath(postfix[0]);
  const literal = literalOf(postfix[1]);
  if (!path || literal === null || (operator !== '==' && operator !== '!=')) return null;
  return { path, compare: { negate: operator === '!=', literal } };
}

/** A branch's condition, as liquidjs evaluates it with `lenientIf` (missing is nil). */
function test(scope: object, frames: Frame[], t: Test): unknown {
  let value = lookup(scope, frames, t.path);
  if (value === DEFER) return DEFER;
  if (value === MISSING || value === undefined) value = null;
  if (!t.compare) return value;
  // liquidjs compares scalars with ===; lists and drops have their own rules.
  if (!isScalar(value)) return DEFER;
  return (value === t.compare.literal) !== t.compare.negate;
}

/** `user.first_name` or `event.properties["plan name"]`, with no operator → its path. */
function plainPath(expression: Expression): string[] | null {
  const postfix = expression.postfix;
  return postfix && postfix.length === 1 ? accessPath(postfix[0]) : null;
}

function accessPath(token: unknown): string[] | null {
  if (!TypeGuards.isPropertyAccessToken(token) || token.variable) return null;
  const path: string[] = [];
  for (const prop of token.props) {
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

/** The value at `path`, the innermost loop variables first: MISSING when a key is absent or
 * undefined, null when the path crosses null (as liquidjs reads it), DEFER when only liquidjs
 * knows. */
function lookup(scope: object, frames: Frame[], path: string[]): unknown {
  let value: unknown = scope;
  let start = 0;
  for (let f = frames.length - 1; f >= 0; f--) {
    if (path[0] === frames[f].variable) {
      value = frames[f].item;
      start = 1;
      break;
    }
    if (path[0] === 'forloop') {
      value = frames[f].forloop;
      start = 1;
      break;
    }
  }
  for (let i = start; i < path.length; i++) {
    const key = path[i];
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
