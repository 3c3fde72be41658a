import { z } from 'zod';
import { expecting } from './error-map.js';
import { eventNameSchema, nameSchema, strictObject, textSchema } from './primitives.js';

export const QUALIFIER_EVENT = 'Qualifier Answered';

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
    .refine((answers) => new Set(answers).size === answers.length, 'answers must not repeat'),
});

export const qualifierSchema = strictObject({
  event: eventNameSchema.default(QUALIFIER_EVENT),
  questions: z.record(nameSchema, questionSchema, {
    error: expecting('a mapping of question names to { answers }'),
  }),
});

export type Qualifier = z.output<typeof qualifierSchema>;
export type Question = z.output<typeof questionSchema>;
