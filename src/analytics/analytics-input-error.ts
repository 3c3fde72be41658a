/** A query parameter analytics cannot use; HTTP answers 400 naming the field. */
export class AnalyticsInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AnalyticsInputError';
  }
}
