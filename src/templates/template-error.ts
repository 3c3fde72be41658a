import { formatIssue, type DefinitionIssue } from '../definitions/definitions-error.js';

export type TemplateIssueCode =
  | 'syntax'
  | 'unknown-variable'
  | 'unknown-filter'
  | 'front-matter'
  | 'file-name'
  | 'missing-template'
  | 'layout'
  | 'mjml';

/**
 * One problem in a template, located in its file. The same shape as a definitions issue, so
 * `cairn validate` prints both kinds the same way:
 * `templates/welcome.mjml.liquid:3:9 unknown variable user.frist_name`. `path` names the
 * front-matter field (`subject`, `cta_url`…) or is empty for the body.
 */
export interface TemplateIssue extends DefinitionIssue {
  code: TemplateIssueCode;
}

/**
 * Thrown when a template cannot be loaded or rendered. Rendering is strict: an unknown variable
 * fails the message rather than sending "Hi ," to a customer.
 */
export class TemplateError extends Error {
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[], options?: { cause?: unknown }) {
    super(issues.map(formatIssue).join('\n'), options);
    this.name = 'TemplateError';
    this.issues = issues;
  }
}
