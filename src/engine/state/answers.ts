import { matchAnswer } from '../../definitions/qualifier.js';
import type { ApplyContext } from './apply-context.js';
import { INPUT } from './owner-inputs.js';
import type { AnswerState } from './user-state.js';
import { ownValue } from '../../core/own-key.js';

/**
 * Qualifier answers, from the qualifier event (`question`, `answer` properties) or from identify
 * traits; the latest wins. An answer is matched to the question's allowed list case, spaces and
 * separators aside (`matchAnswer`) and recorded as declared; one outside it is ignored. A question
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
    const traitName = trait ?? question;
    let answer = ctx.previous.answers[question];
    const byEvent =
      event && ctx.eventName === qualifier.event && event.properties.question === question
        ? matchAnswer(answers, event.properties.answer)
        : undefined;
    const byIdentify =
      event?.type === 'identify'
        ? matchAnswer(answers, ownValue(event.traits, traitName))
        : undefined;
    if (byEvent !== undefined) {
      answer = { value: byEvent, at: event!.timestamp, via: 'event' };
    } else if (byIdentify !== undefined && byIdentify !== answer?.value) {
      answer = { value: byIdentify, at: event!.timestamp, via: 'trait' };
    } else if (!answer) {
      const byTrait = matchAnswer(answers, ownValue(ctx.profile.traits, traitName));
      if (byTrait !== undefined) answer = { value: byTrait, at: ctx.now, via: 'trait' };
    }
    if (answer) out[question] = answer;
  }
  return out;
}
