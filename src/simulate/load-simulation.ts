import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { DefinitionsError, type DefinitionIssue } from '../definitions/definitions-error.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { locate } from '../definitions/positions.js';
import { formatPath, type Path } from '../definitions/rule-walk.js';
import { schemaIssues, type LocatedIssue } from '../definitions/schema-issues.js';
import { simulationSchema, type SimulationConfig } from './simulation-schema.js';

export async function loadSimulation(
  file: string,
  definitions?: LoadedDefinitions,
): Promise<SimulationConfig> {
  return parseSimulation(await readFile(file, 'utf8'), file, definitions);
}

/**
 * Parses a simulation file, with every problem located (file, line, column, field) as cairn.yaml's
 * are. With the workspace's definitions, also checks what the file names in them: journeys,
 * qualifier answers, time zones.
 */
export function parseSimulation(
  text: string,
  fileName = 'simulation.yaml',
  definitions?: LoadedDefinitions,
): SimulationConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DefinitionsError(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file: fileName, line, column: col, path: '', message: error.message };
      }),
    );
  }
  const locateAll = (issues: LocatedIssue[]): DefinitionIssue[] =>
    issues
      .map(({ path, message, target }) => {
        const { line, column } = locate(doc, lines, path, target);
        return { file: fileName, line, column, path: formatPath(path), message };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  const parsed = simulationSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new DefinitionsError(locateAll(schemaIssues(parsed.error.issues)));
  const problems = checkSimulation(parsed.data, definitions);
  if (problems.length) throw new DefinitionsError(locateAll(problems));
  return parsed.data;
}

function checkSimulation(config: SimulationConfig, loaded?: LoadedDefinitions): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const issue = (path: Path, message: string) => issues.push({ path, message, target: 'value' });
  for (const zone of Object.keys(config.people.time_zones)) {
    if (!validZone(zone))
      issues.push({
        path: ['people', 'time_zones', zone],
        message: `unknown IANA time zone "${zone}"`,
        target: 'key',
      });
  }
  for (const bucket of Object.keys(config.accounts.employees)) {
    if (!config.accounts.team[bucket]) issue(['accounts', 'team'], `no team size for "${bucket}"`);
  }
  if (config.people.working_hours.from >= config.people.working_hours.to)
    issue(['people', 'working_hours', 'to'], 'expected an hour after `from`');
  if (!Object.values(config.behavior_personas).some((p) => p.share > 0))
    issue(['behavior_personas'], 'expected at least one persona with a share above zero');
  if (!loaded) return issues;
  const definitions = loaded.definitions;
  const journeys = definitions.journeys ?? {};
  for (const id of Object.keys(config.journeys)) {
    if (!(id in journeys))
      issues.push({
        path: ['journeys', id],
        message: `no journey "${id}" in ${loaded.file}`,
        target: 'key',
      });
  }
  const questions = definitions.qualifier?.questions ?? {};
  const answers = (name: string) => (questions[name]?.answers ?? []).map(String);
  for (const [field, question] of [
    ['role', 'role'],
    ['urgency', 'urgency'],
  ] as const) {
    const allowed = answers(question);
    for (const key of Object.keys(config.qualifier[field])) {
      if (allowed.length && !allowed.includes(key))
        issues.push({
          path: ['qualifier', field, key],
          message: `"${key}" is not an answer of the qualifier's ${question} question (${allowed.join(', ')})`,
          target: 'key',
        });
    }
  }
  return issues;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
