/** One thing wrong with a request, named by its path in the body (`batch[3].event`). */
export interface FieldError {
  field: string;
  message: string;
}

/** An error the HTTP layer answers with 400 and the list of fields at fault. */
export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'ValidationError';
  }
}
