import type { Step } from './journey-types.js';
import type { Path } from './rule-walk.js';

/** Visits every step of a list and of the lists nested in it (depth first), with their paths. */
export function walkSteps(
  steps: Step[],
  path: Path,
  visit: (step: Step, path: Path) => void,
): void {
  steps.forEach((step, index) => {
    const at = [...path, index];
    visit(step, at);
    for (const [nested, where] of nestedSteps(step)) walkSteps(nested, [...at, ...where], visit);
  });
}

/** The step lists directly inside a step, each with its path relative to the step. */
export function nestedSteps(step: Step): [Step[], Path][] {
  if ('wait_until' in step) return step.on_timeout ? [[step.on_timeout, ['on_timeout']]] : [];
  if ('branch' in step) return step.branch.map((path, i) => [path.steps, ['branch', i, 'steps']]);
  if ('split' in step) return step.split.map((path, i) => [path.steps, ['split', i, 'steps']]);
  return [];
}
