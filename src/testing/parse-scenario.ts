import { LineCounter, parseDocument } from 'yaml';
import { DefinitionsError, type DefinitionIssue } from '../definitions/index.js';
import { errorMap } from '../definitions/error-map.js';
import { locate } from '../definitions/positions.js';
import { formatPath } from '../definitions/rule-walk.js';
import { schemaIssues } from '../definitions/schema-issues.js';
import { scenarioSchema } from './scenario-schema.js';
import type { Scenario, ScenarioStep } from './scenario-types.js';

/** Monday 5 January 2026, 09:00 UTC. */
export const DEFAULT_START = Date.UTC(2026, 0, 5, 9, 0, 0);

/**
 * Parses a scenario file. Problems are reported like definitions problems (a DefinitionsError
 * naming file, line, column and field), and each step remembers its line for failure messages.
 */
export function parseScenario(text: string, fileName: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (issues: DefinitionIssue[]): never => {
    throw new DefinitionsError(issues);
  };
  if (doc.errors.length > 0)
    fail(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file: fileName, line, column: col, path: '', message: error.message };
      }),
    );
  const at = (path: (string | number)[], message: string, target: 'key' | 'value' = 'value') => {
    const { line, column } = locate(doc, lines, path, target);
    return { file: fileName, line, column, path: formatPath(path), message };
  };
  const parsed = scenarioSchema.safeParse(doc.toJS() ?? {}, { error: errorMap });
  if (!parsed.success)
    fail(
      schemaIssues(parsed.error.issues)
        .map(({ path, message, target }) => at(path, message, target))
        .sort((a, b) => a.line - b.line || a.column - b.column),
    );
  const data = parsed.data!;
  const steps: ScenarioStep[] = [];
  const latest = new Map<string, number>();
  data.steps.forEach((raw, index) => {
    const {
      at: offset,
      ago,
      ...rest
    } = raw as {
      at: { ms: number; text: string };
      ago?: { ms: number };
    } & Record<string, unknown>;
    const user = (rest.user as string | undefined) ?? data.user;
    if (offset.ms < (latest.get(user) ?? 0))
      fail([
        at(
          ['steps', index, 'at'],
          `steps of one user must be in time order: ${offset.text} comes after a later step of ${user}`,
        ),
      ]);
    latest.set(user, offset.ms);
    const line = locate(doc, lines, ['steps', index]).line;
    const step = { ...rest, at: offset.ms, atText: offset.text, line } as ScenarioStep;
    if ('track' in step) step.ago = ago?.ms ?? 0;
    steps.push(step);
  });
  // Users' sections may interleave in the file; the simulation runs them in time order (a
  // stable sort keeps the written order of steps at the same time).
  steps.sort((a, b) => a.at - b.at);
  return {
    name: data.name,
    ...(data.description === undefined ? {} : { description: data.description }),
    start: data.start === undefined ? DEFAULT_START : Date.parse(data.start),
    user: data.user,
    holdout: data.holdout,
    steps,
  };
}
