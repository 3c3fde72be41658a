import type { IncomingEvent } from '../../core/types.js';
import type { EvalContext } from './eval-context.js';
import type { Cause, StateChange, StateChangeName } from './state-change.js';
import type { UserState } from './user-state.js';

/** One run of the engine: the evaluation context plus what the steps read and report. */
export interface ApplyContext extends EvalContext {
  previous: UserState;
  /** The event being applied; null on a tick (and for internal events, which derive nothing). */
  event: IncomingEvent | null;
  /** The event's counted name (`Viewed Pricing Page` for a page call). */
  eventName: string | null;
  cause: Cause;
  changes: StateChange[];
  /** Moments at which something could change with no new event; nextCheckAt is the earliest. */
  wakeAt: (number | null)[];
  /** Each rule owner's answer and why (read by explainState). */
  explanations: Map<string, OwnerExplanation>;
}

export interface OwnerExplanation {
  /** The persona or stage (null: none), or segment membership. */
  answer: string | boolean | null;
  /** The index of the matching rule, for personas and stages. */
  rule: number | null;
  facts: string[];
}

/** Records a state change with its reason. */
export function emit<N extends StateChangeName>(
  ctx: ApplyContext,
  name: N,
  properties: Omit<Extract<StateChange, { name: N }>['properties'], 'reason'>,
  rule: string,
  facts: string[],
): void {
  ctx.changes.push({
    name,
    timestamp: ctx.now,
    properties: { ...properties, reason: { rule, cause: ctx.cause, facts } },
  } as unknown as StateChange);
}
