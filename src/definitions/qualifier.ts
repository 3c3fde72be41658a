import { z } from 'zod';
import { expecting } from './error-map.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from './primitives.js';

export const QUALIFIER_EVENT = 'Qualifier Answered';

/**
 * What an answer is matched by: case, surrounding spaces and the separators between words
 * (spaces, `-`, `_`) aside, so a form that sends its label ("Business operations") gives the
 * declared answer `business_operations`.
 */
export function answerKey(answer: string): string {
  return answer
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** The declared answer `value` stands for, or undefined when it is none of them. */
export function matchAnswer(answers: readonly string[], value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (answers.includes(value)) return value;
  const key = answerKey(value);
  return answers.find((answer) => answerKey(answer) === key);
}

/**
 * One signup question. Answered by an identify trait (`trait`, the question's name by default) or
 * by the qualifier event with properties `question` and `answer`. Answers outside `answers` are
 * ignored.
 */
export const questionSchema = strictObject({
  prompt: textSchema.optional(),
  trait: z.string().min(1, 'expected a trait name').optional(),
  answers: z
    .array(
      z.string({ error: expecting('an answer (a string)') }).min(1, 'expected a non-empty answer'),
      {
        error: expecting('a list of allowed answers'),
      },
    )
    .min(1, 'expected at least one answer')
    .refine(
      (answers) => new Set(answers.map(answerKey)).size === answers.length,
      'answers must not repeat (nor differ only in case, spaces, "-" or "_")',
    ),
});

export const qualifierSchema = strictObject({
  event: eventNameSchema.default(QUALIFIER_EVENT),
  questions: z.record(nameSchema, questionSchema, {
    error: expecting('a mapping of question names to { answers }'),
  }),
});

export type Qualifier = z.output<typeof qualifierSchema>;
export type Question = z.output<typeof questionSchema>;
