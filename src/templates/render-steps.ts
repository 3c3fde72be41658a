import {
  AssignTag,
  CaseTag,
  Context,
  ForTag,
  IfTag,
  Output,
  TypeGuards,
  UnlessTag,
  type Liquid,
  type Template,
  type TopLevelToken,
} from 'liquidjs';
import {
  accessPath,
  DEFER,
  isNil,
  isScalar,
  lookup,
  MISSING,
  valueOf,
  type Env,
  type Evaluate,
  type Frame,
  type Key,
  type Scalar,
} from './direct-expression.js';
import { emailEscape, slackEscape } from './liquid-engines.js';

/** One step of a render: static text, a value, an `if`, a `case`, a `for`, an `assign`, or a
 * template liquidjs renders. Each keeps its liquidjs template, which renders it when a value
 * is one only liquidjs can evaluate (the step then runs exactly as liquidjs would run it). */
export type Step =
  | string
  | {
      kind: 'output';
      value: Evaluate;
      escape: (value: Scalar) => string;
      template: Template;
    }
  | {
      kind: 'if';
      /** An `unless` first branch is taken when its value is false. */
      branches: { value: Evaluate; negate: boolean; steps: Step[] }[];
      otherwise: Step[];
      template: Template;
    }
  | {
      kind: 'case';
      value: Evaluate;
      branches: { values: Evaluate[]; steps: Step[] }[];
      otherwise: Step[];
      template: Template;
    }
  | {
      kind: 'for';
      variable: string;
      name: string;
      path: Key[];
      body: Step[];
      otherwise: Step[];
      template: Template;
    }
  | { kind: 'assign'; key: string; value: Evaluate; template: Template }
  | { kind: 'liquid'; template: Template };

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

/** One render: its variables, `assign`ed values, and the liquidjs context once one is needed. */
class RenderEnv implements Env {
  frames: Frame[] = [];
  readonly locals: Record<string, unknown> = {};
  private made: Context | undefined;
  constructor(
    private readonly engine: Liquid,
    readonly scope: object,
  ) {}

  context(): Context {
    if (!this.made) {
      this.made = new Context(
        this.scope,
        this.engine.options,
        { sync: true },
        { liquid: this.engine },
      );
      // `assign` writes to the bottom scope: the same object the direct lookups read.
      (this.made as unknown as { scopes: object[] }).scopes[0] = this.locals;
    }
    return this.made;
  }
}

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
 * hundreds. The common shapes are run here directly, with liquidjs' semantics (own properties
 * only, the same escaping, Liquid truthiness, `lenientIf`, the `forloop` object, `assign` into
 * the bottom scope): values that are paths and literals compared with `==`, `!=`, `<`, `>`,
 * `<=`, `>=`, `and`, `or`, through pure filters with literal arguments (direct-expression.ts);
 * `if`, `unless`, `case`, `assign`, and `for` over a list or a hash without parameters.
 * Everything else, and any value that is not a plain scalar hit (a missing variable, `size`, a
 * Drop…), is handed to liquidjs with the same context, which then also raises the strict-mode
 * error. `render-steps.test.ts` renders a matrix of templates and data both ways and requires
 * identical results.
 */
export function renderSteps(engine: Liquid, templates: Template[]): Step[] | null {
  return stepsOf(engine, templates, escaperOf(engine));
}

export function renderWithSteps(engine: Liquid, steps: Step[], scope: object): string {
  return run(engine, steps, new RenderEnv(engine, scope));
}

/** A direct evaluation; DEFER also when it throws (liquidjs then raises its own error). */
function evaluate(value: Evaluate, env: Env): unknown {
  try {
    return value(env);
  } catch {
    return DEFER;
  }
}

function run(engine: Liquid, steps: Step[], env: RenderEnv): string {
  let out = '';
  for (const step of steps) {
    if (typeof step === 'string') {
      out += step;
      continue;
    }
    switch (step.kind) {
      case 'output': {
        const value = evaluate(step.value, env);
        if (value !== DEFER && isScalar(value)) {
          out += step.escape(value);
          continue;
        }
        break;
      }
      case 'if': {
        let chosen: Step[] | null = step.otherwise;
        for (const branch of step.branches) {
          const value = evaluate(branch.value, env);
          if (value === DEFER || !isPlain(value)) {
            chosen = null;
            break;
          }
          if (truthy(value) !== branch.negate) {
            chosen = branch.steps;
            break;
          }
        }
        if (chosen === null) break;
        out += run(engine, chosen, env);
        continue;
      }
      case 'case': {
        const target = evaluate(step.value, env);
        if (target === DEFER || !isScalar(target)) break;
        let chosen: Step[] | null = step.otherwise;
        search: for (const branch of step.branches) {
          for (const when of branch.values) {
            const value = evaluate(when, env);
            if (value === DEFER || (!isScalar(value) && !isNil(value))) {
              chosen = null;
              break search;
            }
            // `when nil` matches nil, as liquidjs' nil drop says.
            if (isNil(value) ? target === null : value === target) {
              chosen = branch.steps;
              break search;
            }
          }
        }
        if (chosen === null) break;
        out += run(engine, chosen, env);
        continue;
      }
      case 'assign': {
        const value = evaluate(step.value, env);
        if (value !== DEFER && isPlain(value)) {
          env.locals[step.key] = value;
          continue;
        }
        break;
      }
      case 'for': {
        const found = lookup(env, step.path);
        const items = found === null ? [] : enumerable(found);
        if (items === null) break;
        if (items.length === 0) {
          out += run(engine, step.otherwise, env);
          continue;
        }
        const length = items.length;
        const outer = env.frames;
        for (let i = 0; i < length; i++) {
          env.frames = [
            ...outer,
            { variable: step.variable, item: items[i], forloop: new Forloop(i, length, step.name) },
          ];
          out += run(engine, step.body, env);
        }
        env.frames = outer;
        continue;
      }
    }
    out += inContext(env, (c) => engine.renderSync([step.template], c) as string);
  }
  return out;
}

/** Scalars, lists and plain objects: what a condition or an assignment takes as it is. */
function isPlain(value: unknown): boolean {
  if (value === MISSING) return false;
  if (isScalar(value) || value === undefined) return true;
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

const truthy = (value: unknown) => value !== false && value !== null && value !== undefined;

/** What liquidjs' `for` iterates: a list as it is, a hash as [key, value] pairs; else null. */
function enumerable(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
}

/** Runs `fn` on the render's liquidjs context, with the enclosing loops' variables in scope. */
function inContext<T>(env: RenderEnv, fn: (c: Context) => T): T {
  const context = env.context();
  for (const frame of env.frames)
    context.push({ [frame.variable]: frame.item, forloop: frame.forloop });
  try {
    return fn(context);
  } finally {
    for (let i = 0; i < env.frames.length; i++) context.pop();
  }
}

function stepsOf(
  engine: Liquid,
  templates: Template[],
  escape: ((value: Scalar) => string) | null,
): Step[] {
  const steps: Step[] = [];
  const lenientIf = engine.options.lenientIf;
  for (const template of templates) {
    const token = template.token as TopLevelToken;
    let step: Step = { kind: 'liquid', template };
    if (TypeGuards.isHTMLToken(token)) {
      step = token.getContent();
    } else if (template instanceof Output && escape) {
      // The engine's own output escape, which liquidjs appends (unless the last filter is
      // `raw`), is applied here to the scalar the rest gives.
      const { initial, filters } = template.value as unknown as {
        initial: unknown;
        filters: { handler: unknown }[];
      };
      const outputEscape = engine.options.outputEscape;
      const own = outputEscape && filters.at(-1)?.handler === outputEscape;
      if (!outputEscape || own) {
        const value = valueOf(
          engine,
          { initial, filters: own ? filters.slice(0, -1) : filters },
          false,
        );
        if (value) step = { kind: 'output', value, escape, template };
      }
    } else if (template instanceof IfTag || template instanceof UnlessTag) {
      const unless = template instanceof UnlessTag;
      const branches = template.branches.map(({ value, templates: inner }, i) => ({
        value: valueOf(engine, value, lenientIf),
        negate: unless && i === 0,
        steps: stepsOf(engine, inner, escape),
      }));
      if (branches.every((b) => b.value !== null))
        step = {
          kind: 'if',
          branches: branches as { value: Evaluate; negate: boolean; steps: Step[] }[],
          otherwise: stepsOf(engine, template.elseTemplates ?? [], escape),
          template,
        };
    } else if (template instanceof CaseTag) {
      const value = valueOf(engine, template.value, lenientIf);
      const branches = template.branches.map(({ values, templates: inner }) => ({
        values: values.map((v) =>
          valueOf(engine, { initial: { postfix: [v] }, filters: [] }, lenientIf),
        ),
        steps: stepsOf(engine, inner, escape),
      }));
      if (value && branches.every((b) => b.values.every((v) => v !== null)))
        step = {
          kind: 'case',
          value,
          branches: branches as { values: Evaluate[]; steps: Step[] }[],
          otherwise: stepsOf(engine, template.elseTemplates ?? [], escape),
          template,
        };
    } else if (template instanceof AssignTag) {
      const assign = template as unknown as { key: string; value: unknown };
      const value = valueOf(engine, assign.value, lenientIf);
      if (value) step = { kind: 'assign', key: assign.key, value, template };
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
