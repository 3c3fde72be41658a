/** One problem in a definitions file, located in the source. */
export interface DefinitionIssue {
  file: string;
  /** 1-based; 0 when the problem is the file as a whole (it cannot be read). */
  line: number;
  column: number;
  /** Where in the definitions, as `milestones.report_shared.event`; empty for the file itself. */
  path: string;
  /** What is wrong, saying what is expected. */
  message: string;
}

/** `cairn.yaml:14:7 milestones.report_shared.event: expected a non-empty string` */
export function formatIssue(issue: DefinitionIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : `${issue.file}:`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** Thrown when definitions do not load; carries every problem found, in source order. */
export class DefinitionsError extends Error {
  readonly issues: DefinitionIssue[];
  constructor(issues: DefinitionIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'DefinitionsError';
    this.issues = issues;
  }
}
