import { Drop, Liquid, TypeGuards, type Context } from 'liquidjs';

/** A value only liquidjs can produce (a Drop, a range, a lookup it must do itself…). */
export const DEFER = Symbol('defer');
/** A variable or key that is absent or undefined: an error, or nil where lenient. */
export const MISSING = Symbol('missing');

export type Scalar = string | number | boolean | null;

/** A `for` loop being run: its variable, the current item, and its `forloop` object. */
export interface Frame {
  variable: string;
  item: unknown;
  forloop: object;
}

/** What an expression reads: the render's variables, the loops around it, `assign`ed values. */
export interface Env {
  scope: object;
  frames: Frame[];
  /** liquidjs' bottom scope, where `assign` and `capture` write. */
  locals: Record<string, unknown>;
  /** The liquidjs context of this render, made on first need (filters take it as `this`). */
  context(): Context;
}

/** Evaluates to a value, or DEFER when liquidjs must evaluate the whole expression. */
export type Evaluate = (env: Env) => unknown;

export type Key = string | number;

type Expression = { postfix?: unknown[] };
type FilterLike = { name: string; handler: unknown; args: unknown[]; token: unknown };
type ValueLike = { initial: Expression; filters: FilterLike[] };

/**
 * Filters run directly: pure and synchronous in liquidjs, called with the same arguments and
 * `this`. Any other filter (and any keyword argument) hands the expression to liquidjs.
 */
const DIRECT_FILTERS = new Set([
  'abs',
  'append',
  'at_least',
  'at_most',
  'capitalize',
  'ceil',
  'default',
  'divided_by',
  'downcase',
  'escape',
  'floor',
  'minus',
  'modulo',
  'plus',
  'prepend',
  'round',
  'strip',
  'times',
  'upcase',
]);

export const isScalar = (value: unknown): value is Scalar =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean';

const SPECIAL = new Set(['size', 'first', 'last']);

/**
 * The value at `path` as liquidjs reads it with `ownPropertyOnly`: the innermost loop variables
 * first, then `assign`ed values, then the render's variables. MISSING when a key is absent or
 * undefined, null when the path crosses null, DEFER when only liquidjs knows.
 */
export function lookup(env: Env, path: Key[]): unknown {
  const first = path[0] as string;
  let value: unknown = MISSING;
  const { frames, locals } = env;
  for (let f = frames.length - 1; f >= 0; f--) {
    if (first === frames[f].variable) {
      value = frames[f].item;
      break;
    }
    if (first === 'forloop') {
      value = frames[f].forloop;
      break;
    }
  }
  if (value === MISSING) {
    // liquidjs picks the scope with `in`, then reads it as an own property.
    if (first in locals) {
      if (!Object.hasOwn(locals, first)) return MISSING;
      value = locals[first];
    } else {
      const scope = env.scope;
      if (!Object.hasOwn(scope, first)) return SPECIAL.has(first) ? DEFER : MISSING;
      value = (scope as Record<string, unknown>)[first];
    }
    if (typeof value === 'function') return DEFER;
  }
  for (let i = 1; i < path.length; i++) {
    const key = path[i];
    // liquidjs reads through null (giving null) but not through undefined (an error).
    if (value === undefined) return MISSING;
    if (value === null) return null;
    if (typeof value !== 'object' || value instanceof Drop) return DEFER;
    if (Array.isArray(value)) {
      if (typeof key !== 'number') return DEFER;
      const index = key < 0 ? value.length + key : key;
      value = Object.hasOwn(value, index) ? value[index] : undefined;
      if (value === undefined) return MISSING;
      continue;
    }
    if (typeof key !== 'string') return DEFER;
    if (!Object.hasOwn(value, key)) return SPECIAL.has(key) ? DEFER : MISSING;
    value = (value as Record<string, unknown>)[key];
    if (typeof value === 'function') return DEFER;
  }
  return value === undefined ? MISSING : value;
}

/** `user.first_name`, `entry[1]` or `event.properties["plan name"]` → its path; else null. */
export function accessPath(token: unknown): Key[] | null {
  if (!TypeGuards.isPropertyAccessToken(token) || token.variable) return null;
  const path: Key[] = [];
  for (const prop of token.props) {
    if (TypeGuards.isWordToken(prop) || TypeGuards.isQuotedToken(prop)) path.push(prop.content);
    else if (TypeGuards.isNumberToken(prop) && path.length > 0) path.push(prop.content);
    else return null;
  }
  return path.length > 0 && typeof path[0] === 'string' ? path : null;
}

/** An operand: a path, or a literal (a string, a number, true/false/nil). */
function operandOf(token: unknown, lenient: boolean): Evaluate | null {
  const path = accessPath(token);
  if (path) {
    return (env) => {
      const value = lookup(env, path);
      if (value === MISSING) return lenient ? null : DEFER;
      return value;
    };
  }
  if (token !== null && typeof token === 'object' && 'content' in token) {
    const content = (token as { content: unknown }).content;
    // `empty` and `blank` compare by their own rules: liquidjs' business.
    if (isScalar(content) || isNil(content)) return () => content;
  }
  return null;
}

/** liquidjs' `nil` literal: a Drop equal to null and undefined, never greater or less. */
const NIL: unknown = (
  new Liquid().parse('{{ nil }}')[0] as unknown as {
    value: { initial: { postfix: { content: unknown }[] } };
  }
).value.initial.postfix[0].content;
export const isNil = (value: unknown): boolean => value === NIL;

type Operator = (l: unknown, r: unknown) => unknown;

/** liquidjs' operators over scalars (and `nil`); anything else is left to liquidjs. */
const OPERATORS: Record<string, Operator> = {
  '==': (l, r) => equals(l, r),
  '!=': (l, r) => {
    const e = equals(l, r);
    return e === DEFER ? DEFER : !e;
  },
  '>': (l, r) => compare(l, r, (a, b) => a > b),
  '<': (l, r) => compare(l, r, (a, b) => a < b),
  '>=': (l, r) => compare(l, r, (a, b) => a >= b),
  '<=': (l, r) => compare(l, r, (a, b) => a <= b),
  and: (l, r) => truthy(l) && truthy(r),
  or: (l, r) => truthy(l) || truthy(r),
};

function equals(l: unknown, r: unknown): unknown {
  if (isNil(l)) return isScalar(r) || r === undefined ? r === null || r === undefined : DEFER;
  if (isNil(r)) return isScalar(l) || l === undefined ? l === null || l === undefined : DEFER;
  if (!isScalar(l) || !isScalar(r)) return DEFER;
  return l === r;
}

function compare(l: unknown, r: unknown, op: (a: number, b: number) => boolean): unknown {
  // `nil` is comparable and never greater or less than anything.
  if (isNil(l) || isNil(r)) return false;
  if ((!isScalar(l) && l !== undefined) || (!isScalar(r) && r !== undefined)) return DEFER;
  // JavaScript's comparison of whatever the operands are, as liquidjs does it.
  return op(l as number, r as number);
}

/** Liquid truthiness: only false and nil are false. Drops and the rest: liquidjs decides. */
function truthy(value: unknown): boolean {
  return value !== false && value !== null && value !== undefined && !isNil(value);
}

/** Compiles an expression (with no filters) to a direct evaluation, or null if unsupported. */
function expressionOf(expression: Expression, lenient: boolean): Evaluate | null {
  const postfix = expression.postfix ?? [];
  if (postfix.length === 0) return null;
  const program: (Evaluate | Operator)[] = [];
  const operators: boolean[] = [];
  for (const token of postfix) {
    if (TypeGuards.isOperatorToken(token)) {
      const op = OPERATORS[token.operator];
      if (!op) return null;
      program.push(op);
      operators.push(true);
    } else {
      const operand = operandOf(token, lenient);
      if (!operand) return null;
      program.push(operand);
      operators.push(false);
    }
  }
  if (program.length === 1) return program[0] as Evaluate;
  return (env) => {
    const stack: unknown[] = [];
    for (let i = 0; i < program.length; i++) {
      if (operators[i]) {
        const r = stack.pop();
        const l = stack.pop();
        if (l === DEFER || r === DEFER) return DEFER;
        // An operator on a Drop other than nil (or an array…) is liquidjs'.
        if (isOpaque(l) || isOpaque(r)) return DEFER;
        stack.push((program[i] as Operator)(l, r));
      } else stack.push((program[i] as Evaluate)(env));
    }
    return stack[0];
  };
}

const isOpaque = (value: unknown) =>
  value !== null && typeof value === 'object' && (value instanceof Drop ? !isNil(value) : false);

/**
 * A filtered value (`a.b | round: 1`), evaluated as liquidjs' `Value.value(ctx, lenient)` does:
 * lenient also when the first filter is `default`. `skipLast` leaves out the output escape
 * liquidjs appends, which the caller applies itself.
 */
export function valueOf(engine: Liquid, value: unknown, lenient: boolean): Evaluate | null {
  const { initial, filters } = value as ValueLike;
  lenient = lenient || (engine.options.lenientIf && filters[0]?.name === 'default');
  const start = expressionOf(initial, lenient);
  if (!start) return null;
  if (filters.length === 0) return start;
  const steps: {
    handler: (...args: unknown[]) => unknown;
    args: Evaluate[];
    token: unknown;
    /** `round`: done here (roundNumber) when the value and the places are plain numbers. */
    round: boolean;
  }[] = [];
  for (const filter of filters) {
    if (!DIRECT_FILTERS.has(filter.name) || filter.handler !== engine.filters[filter.name])
      return null;
    const args: Evaluate[] = [];
    for (const arg of filter.args) {
      const operand = Array.isArray(arg) ? null : operandOf(arg, false);
      if (!operand) return null;
      args.push(operand);
    }
    steps.push({
      handler: filter.handler as (...args: unknown[]) => unknown,
      args,
      token: filter.token,
      round: filter.name === 'round' && args.length <= 1,
    });
  }
  return (env) => {
    let result = start(env);
    if (result === DEFER) return DEFER;
    for (const step of steps) {
      if (step.round && typeof result === 'number') {
        const places = step.args.length === 0 ? 0 : step.args[0]!(env);
        if (places === DEFER) return DEFER;
        const rounded = typeof places === 'number' ? roundNumber(result, places) : null;
        if (rounded !== null) {
          result = rounded;
          continue;
        }
      }
      const argv: unknown[] = [result];
      for (const arg of step.args) {
        const v = arg(env);
        if (v === DEFER) return DEFER;
        argv.push(v);
      }
      if (!isScalar(result) && result !== undefined && !isNil(result)) return DEFER;
      result = step.handler.apply(
        { context: env.context(), token: step.token, liquid: engine },
        argv,
      );
    }
    return result;
  };
}

/**
 * liquidjs' `round` of a number to `places` decimals, without its detour through strings, or
 * null where only that detour gives the same answer. liquidjs shifts the decimal point in the
 * number's shortest decimal form (so 1.005 to 2 places is 1.01), rounds, and shifts back:
 * - with 0 places the shift gives back the number itself (a finite number's shortest form reads
 *   back as the same number): Math.round of the absolute value, signed back, the value itself
 *   past the safe integers (or infinite), and NaN reads as 0;
 * - with 1 to 10 places, v × 10^places differs from the shifted form by a few units in the last
 *   place, which changes Math.round only near a half: away from one (by more than 10⁻⁶, below
 *   10⁹), the result is the rounded integer divided by 10^places, which is what reading back
 *   "<integer>e-<places>" gives (both are the correctly rounded quotient); near a half, null.
 */
export function roundNumber(v: number, places: number): number | null {
  v = +v || 0;
  const abs = Math.abs(v);
  if (places === 0) {
    if (!(abs <= Number.MAX_SAFE_INTEGER)) return v;
    const rounded = Math.round(abs);
    return v < 0 ? -rounded : rounded;
  }
  if (!Number.isInteger(places) || places < 1 || places > 10) return null;
  const scale = 10 ** places;
  const scaled = abs * scale;
  if (!(scaled < 1e9)) return null;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) <= 1e-6) return null;
  const rounded = Math.round(scaled) / scale;
  return v < 0 ? -rounded : rounded;
}
