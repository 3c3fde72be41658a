import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { IncomingEvent, JsonObject } from '../core/types.js';
import { loadDefinitions, type LoadedDefinitions } from '../definitions/index.js';
import { checkExpectation } from './check-expectation.js';
import { InMemoryRuntime } from './in-memory-runtime.js';
import type { MessageRecord } from './message-record.js';
import { parseScenario } from './parse-scenario.js';
import type { Scenario, ScenarioStep } from './scenario-types.js';
import { NO_TEMPLATES, scenarioTemplates, type ScenarioTemplates } from './scenario-templates.js';

/** One expectation's result, located in the scenario file. */
export interface ExpectationResult {
  /** `tests/p1.yaml:14` */
  where: string;
  /** The step's time as written (`26h`). */
  at: string;
  user: string;
  key: string;
  passed: boolean;
  /** Why it failed, with what was observed (empty when it passed). */
  message: string;
}

export interface ScenarioResult {
  file: string;
  name: string;
  passed: boolean;
  expectations: ExpectationResult[];
  /** Every message handled, for reading a failure (sent, held out, deferred, capped…). */
  messages: MessageRecord[];
}

/** Reads the definitions and one scenario file, and runs it. */
export async function runScenarioFile(
  definitionsFile: string,
  scenarioFile: string,
): Promise<ScenarioResult> {
  const definitions = await loadDefinitions(definitionsFile);
  const templates = await scenarioTemplates(definitionsFile);
  return runScenario(definitions, await readFile(scenarioFile, 'utf8'), scenarioFile, templates);
}

/** Runs every `tests/*.yaml` next to a definitions file, in name order (what `cairn test` does). */
export async function runWorkspaceScenarios(definitionsFile: string): Promise<ScenarioResult[]> {
  const definitions = await loadDefinitions(definitionsFile);
  const templates = await scenarioTemplates(definitionsFile);
  const folder = join(dirname(definitionsFile), 'tests');
  const files = (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const results: ScenarioResult[] = [];
  for (const file of files) {
    const path = join(folder, file);
    results.push(runScenario(definitions, await readFile(path, 'utf8'), path, templates));
  }
  return results;
}

/**
 * Runs a scenario with a simulated clock and no server: each step's events are applied at its
 * time, after every timer due by then has fired; each `expect` is checked at its time.
 */
export function runScenario(
  loaded: LoadedDefinitions,
  text: string,
  file: string,
  templates: ScenarioTemplates = NO_TEMPLATES,
): ScenarioResult {
  const scenario = parseScenario(text, file);
  const runtime = new InMemoryRuntime(
    withHoldout(loaded, scenario.holdout),
    scenario.start,
    templates,
  );
  const expectations: ExpectationResult[] = [];
  // Message lists are checked per user, against what happened since that user's last `expect`.
  const seen = new Map<string, number>();
  scenario.steps.forEach((step, index) => {
    const userId = step.user ?? scenario.user;
    runtime.advanceTo(scenario.start + step.at);
    if ('expect' in step) {
      const window = runtime.messages.slice(seen.get(userId) ?? 0);
      seen.set(userId, runtime.messages.length);
      for (const outcome of checkExpectation(step.expect, runtime, userId, window))
        expectations.push({
          where: `${file}:${step.line}`,
          at: step.atText,
          user: userId,
          ...outcome,
        });
    } else if ('unsubscribe' in step) runtime.unsubscribe(userId, step.unsubscribe);
    else runtime.apply(toEvent(step, userId, runtime.now, `${file}#${index}`));
  });
  return {
    file,
    name: scenario.name,
    passed: expectations.every((e) => e.passed),
    expectations,
    messages: runtime.messages,
  };
}

const adjusted = new WeakMap<LoadedDefinitions, Map<string, LoadedDefinitions>>();

/**
 * `none` and `all` make a scenario independent of where the hash puts its user. Cached per
 * loaded definitions, so the journeys are compiled once for a whole test run.
 */
function withHoldout(loaded: LoadedDefinitions, mode: Scenario['holdout']): LoadedDefinitions {
  if (mode === 'hash') return loaded;
  let byMode = adjusted.get(loaded);
  if (!byMode) adjusted.set(loaded, (byMode = new Map()));
  let out = byMode.get(mode);
  if (!out) byMode.set(mode, (out = setHoldout(loaded, mode)));
  return out;
}

function setHoldout(loaded: LoadedDefinitions, mode: 'none' | 'all'): LoadedDefinitions {
  const share = mode === 'all' ? 1 : 0;
  const journeys = Object.fromEntries(
    Object.entries(loaded.definitions.journeys).map(([id, j]) => [id, { ...j, holdout: share }]),
  );
  return { ...loaded, definitions: { ...loaded.definitions, journeys } };
}

function toEvent(
  step: ScenarioStep,
  userId: string,
  now: number,
  messageId: string,
): IncomingEvent {
  const base = {
    messageId,
    event: null,
    userId,
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: now,
    originalTimestamp: now,
    sentAt: now,
    receivedAt: now,
    properties: {} as JsonObject,
    traits: {} as JsonObject,
    context: {} as JsonObject,
    source: 'api' as const,
  };
  if ('track' in step)
    return {
      ...base,
      type: 'track',
      event: step.track,
      properties: step.properties,
      groupId: step.account ?? null,
      timestamp: now - step.ago,
      originalTimestamp: now - step.ago,
      source: step.imported ? 'import' : 'api',
    };
  if ('identify' in step) return { ...base, type: 'identify', traits: step.identify };
  if ('page' in step)
    return { ...base, type: 'page', event: step.page, properties: step.properties };
  if ('group' in step) return { ...base, type: 'group', groupId: step.group, traits: step.traits };
  throw new Error('not an event step');
}
