export {
  runScenario,
  runScenarioFile,
  runWorkspaceScenarios,
  type ExpectationResult,
  type ScenarioResult,
} from './run-scenario.js';
export { formatScenarioResult } from './format-scenario-result.js';
export { parseScenario, DEFAULT_START } from './parse-scenario.js';
export { InMemoryRuntime, type SimulatedUser } from './in-memory-runtime.js';
export type { MessageRecord } from './message-record.js';
export type { Scenario, ScenarioStep, Expectation, StateExpectation } from './scenario-types.js';
