import type { IncomingEvent } from '../../core/types.js';
import { counterName } from '../profile/counter-name.js';
import type { InputChanges } from './input-changes.js';
import type { RuleContext } from './rule-context.js';
import type { Cause, StateChange, StateChangeName } from './state-change.js';
import type { UserState } from './user-state.js';

/** One run of the engine: the rule context plus what the steps read and report. */
export interface ApplyContext extends RuleContext {
  previous: UserState;
  /** The event being applied; null on a tick (and for internal events, which derive nothing). */
  event: IncomingEvent | null;
  /** The event's counted name (`Viewed Pricing Page` for a page call). */
  eventName: string | null;
  /** The event as given (internal ones included): what the changes name as their cause. */
  given: IncomingEvent | null;
  /** What changed since the previous run, as far as rule inputs go. */
  inputs: InputChanges;
  /** Built with the first change: most runs report none. */
  cause: Cause | null;
  changes: StateChange[];
  /** The earliest moment something could change with no new event (NEVER: nothing can). */
  wakeAt: number;
  /** Each rule owner's answer and why (explaining only; read by explainState). */
  explanations: Map<string, OwnerExplanation> | null;
}

export interface OwnerExplanation {
  /** The persona or stage (null: none), or segment membership. */
  answer: string | boolean | null;
  /** The index of the matching rule, for personas and stages. */
  rule: number | null;
  facts: string[];
}

/** Adds a moment at which something could change with no new event (null: never). */
export function wake(ctx: ApplyContext, at: number | null): void {
  if (at !== null && at < ctx.wakeAt) ctx.wakeAt = at;
}

/** Records a state change with its reason. */
export function emit<N extends StateChangeName>(
  ctx: ApplyContext,
  name: N,
  properties: Omit<Extract<StateChange, { name: N }>['properties'], 'reason'>,
  rule: string,
  facts: string[],
): void {
  ctx.cause ??= causeOf(ctx.given, ctx.now);
  ctx.changes.push({
    name,
    timestamp: ctx.now,
    properties: { ...properties, reason: { rule, cause: ctx.cause, facts } },
  } as unknown as StateChange);
}

function causeOf(event: IncomingEvent | null, now: number): Cause {
  if (!event) return { type: 'tick', at: now };
  return {
    type: 'event',
    event: counterName(event) ?? event.type,
    messageId: event.messageId,
    timestamp: event.timestamp,
  };
}
