import type { Json } from '../../core/types.js';
import type { ApplyContext } from './apply-context.js';
import { INPUT } from './owner-inputs.js';
import type { AnswerState } from './user-state.js';

/**
 * Qualifier answers, from the qualifier event (`question`, `answer` properties) or from identify
 * traits; the latest wins. An answer outside the question's allowed list is ignored. A question
 * with no answer yet also takes the profile's trait, so answers given before the qualifier
 * section existed count.
 *
 * With `incremental`, answers only move with the qualifier event or a change of traits (an
 * identify call, a merge): otherwise the previous ones stand.
 */
export function updateAnswers(
  ctx: ApplyContext,
  incremental: boolean,
): Record<string, AnswerState> {
  const qualifier = ctx.plan.definitions.qualifier;
  if (!qualifier) return incremental ? ctx.previous.answers : {};
  const { event } = ctx;
  if (
    incremental &&
    !(ctx.inputs.flags & INPUT.traits) &&
    !(event && ctx.eventName === qualifier.event)
  )
    return ctx.previous.answers;
  const out: Record<string, AnswerState> = {};
  for (const [question, { trait, answers }] of Object.entries(qualifier.questions)) {
    const allowed = (value: Json | undefined): value is string =>
      typeof value === 'string' && answers.includes(value);
    const traitName = trait ?? question;
    let answer = ctx.previous.answers[question];
    if (
      event &&
      ctx.eventName === qualifier.event &&
      event.properties.question === question &&
      allowed(event.properties.answer)
    ) {
      answer = { value: event.properties.answer, at: event.timestamp, via: 'event' };
    } else if (
      event?.type === 'identify' &&
      allowed(event.traits[traitName]) &&
      event.traits[traitName] !== answer?.value
    ) {
      answer = { value: event.traits[traitName] as string, at: event.timestamp, via: 'trait' };
    } else if (!answer && allowed(ctx.profile.traits[traitName])) {
      answer = { value: ctx.profile.traits[traitName] as string, at: ctx.now, via: 'trait' };
    }
    if (answer) out[question] = answer;
  }
  return out;
}
