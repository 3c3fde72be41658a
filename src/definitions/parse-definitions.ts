import { LineCounter, parseDocument } from 'yaml';
import { checkReferences } from './cross-references.js';
import { DefinitionsError, type DefinitionIssue } from './definitions-error.js';
import { errorMap } from './error-map.js';
import { locate } from './positions.js';
import { formatPath } from './rule-walk.js';
import { definitionsSchema, type Definitions } from './schema.js';
import { schemaIssues, type LocatedIssue } from './schema-issues.js';
import { definitionsVersion } from './version.js';
import { checkReportReferences } from './reports/report-references.js';
import { reportPath, withReportJourneys } from './reports/report-journeys.js';

/** Definitions that passed validation, with where they came from and their version. */
export interface LoadedDefinitions {
  file: string;
  /** Content hash (see version.ts). */
  version: string;
  definitions: Definitions;
}

/**
 * Parses and validates the text of a `cairn.yaml`. Throws a DefinitionsError listing every
 * problem (YAML syntax, then schema, then cross-references) with file, line, column and field.
 */
export function parseDefinitions(text: string, fileName = 'cairn.yaml'): LoadedDefinitions {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  if (doc.errors.length > 0) {
    throw new DefinitionsError(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file: fileName, line, column: col, path: '', message: error.message };
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  const locateAll = (issues: LocatedIssue[]): DefinitionIssue[] =>
    issues
      .map(({ path, message, target }) => {
        const { line, column } = locate(doc, lines, path, target);
        return { file: fileName, line, column, path: formatPath(path), message };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);

  const parsed = definitionsSchema.safeParse(raw, { error: errorMap });
  if (!parsed.success) throw new DefinitionsError(locateAll(schemaIssues(parsed.error.issues)));
  // Reports run as scheduled journeys: checked as journeys, their issues named on the report.
  const reportIssues = checkReportReferences(parsed.data);
  const definitions = reportIssues.length ? parsed.data : withReportJourneys(parsed.data);
  const references = [
    ...reportIssues,
    ...checkReferences(definitions).map((issue) => ({
      ...issue,
      path: reportPath(definitions, issue.path),
    })),
  ];
  if (references.length > 0) {
    throw new DefinitionsError(
      locateAll(references.map((issue) => ({ ...issue, target: 'value' }))),
    );
  }
  return { file: fileName, version: definitionsVersion(raw), definitions };
}
