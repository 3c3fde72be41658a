import { NEVER, outcomeOf, type RuleContext } from './rule-context.js';

/** A compiled rule: whether it holds at `ctx.now`, with its times left in the context. */
export type RuleNode = (ctx: RuleContext) => boolean;

/**
 * `all`. A true `all` changes when its first part does; a false one can turn true only once
 * every failing part has, so not before the latest of their changes. Unless explaining, it stops
 * at the first part that fails for good (no change without an event): that part decides the
 * answer, and its change time (never), whatever the other parts say.
 */
export function allNode(parts: RuleNode[]): RuleNode {
  return (ctx) => {
    if (ctx.explain) return joinExplained(parts, ctx, true);
    let holds = true;
    let earliest = NEVER;
    let latestFailing = -Infinity;
    let recheckAt = NEVER;
    for (let i = 0; i < parts.length; i++) {
      const value = parts[i]!(ctx);
      const changeAt = ctx.changeAt;
      if (!value && changeAt === NEVER) return outcomeOf(ctx, false, NEVER, NEVER);
      if (ctx.recheckAt < recheckAt) recheckAt = ctx.recheckAt;
      if (changeAt < earliest) earliest = changeAt;
      if (!value) {
        holds = false;
        if (changeAt > latestFailing) latestFailing = changeAt;
      }
    }
    return outcomeOf(ctx, holds, holds ? earliest : latestFailing, recheckAt);
  };
}

/** `any`: the mirror image of `all`; it stops at the first part that holds for good. */
export function anyNode(parts: RuleNode[]): RuleNode {
  return (ctx) => {
    if (ctx.explain) return joinExplained(parts, ctx, false);
    let holds = false;
    let earliest = NEVER;
    let latestHolding = -Infinity;
    let recheckAt = NEVER;
    for (let i = 0; i < parts.length; i++) {
      const value = parts[i]!(ctx);
      const changeAt = ctx.changeAt;
      if (value && changeAt === NEVER) return outcomeOf(ctx, true, NEVER, NEVER);
      if (ctx.recheckAt < recheckAt) recheckAt = ctx.recheckAt;
      if (changeAt < earliest) earliest = changeAt;
      if (value) {
        holds = true;
        if (changeAt > latestHolding) latestHolding = changeAt;
      }
    }
    return outcomeOf(ctx, holds, holds ? latestHolding : earliest, recheckAt);
  };
}

/** `not`: the same times, the opposite answer; its facts read "not: …". */
export function notNode(inner: RuleNode): RuleNode {
  return (ctx) => {
    if (!ctx.explain) return !inner(ctx);
    const outer = ctx.facts;
    ctx.facts = [];
    const value = inner(ctx);
    const facts = ctx.facts;
    ctx.facts = outer;
    for (const fact of facts) outer.push(`not: ${fact}`);
    return !value;
  };
}

/**
 * `all` / `any` while explaining: every part is evaluated, for its facts. The answer and the
 * times are the same as without explaining (a settled part gives the same result either way);
 * the facts are those of the parts that decide: all of them when every part agrees with the
 * answer (`all` true, `any` false), else those of the parts that have the answer.
 */
function joinExplained(parts: RuleNode[], ctx: RuleContext, isAll: boolean): boolean {
  const outer = ctx.facts;
  const values: boolean[] = [];
  const changes: number[] = [];
  const facts: string[][] = [];
  let recheckAt = NEVER;
  let settled = false;
  for (const part of parts) {
    ctx.facts = [];
    const value = part(ctx);
    values.push(value);
    changes.push(ctx.changeAt);
    facts.push(ctx.facts);
    if (value !== isAll && ctx.changeAt === NEVER) settled = true;
    if (ctx.recheckAt < recheckAt) recheckAt = ctx.recheckAt;
  }
  ctx.facts = outer;
  const holds = isAll ? values.every(Boolean) : values.some(Boolean);
  const unanimous = holds === isAll;
  let changeAt = unanimous ? NEVER : -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (unanimous) changeAt = Math.min(changeAt, changes[i]!);
    else if (values[i] === holds) changeAt = Math.max(changeAt, changes[i]!);
    if (unanimous || values[i] === holds) outer.push(...facts[i]!);
  }
  return outcomeOf(ctx, holds, changeAt, settled ? NEVER : recheckAt);
}
