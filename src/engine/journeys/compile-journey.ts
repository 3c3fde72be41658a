import {
  definitionsVersion,
  nestedSteps,
  parseCron,
  stepKind,
  type CronSpec,
  type Journey,
  type Step,
  type StepKind,
} from '../../definitions/index.js';
import type { LoadedDefinitions } from '../../definitions/parse-definitions.js';

/** A step with where the journey goes after it. */
export interface StepNode {
  step: Step;
  kind: StepKind;
  /** The step after this one and everything nested in it; null: the journey's end. */
  next: string | null;
}

/** A journey ready to run: its version, and its steps by id. */
export interface CompiledJourney {
  id: string;
  version: string;
  definition: Journey;
  /** The first step's id. */
  first: string | null;
  steps: Map<string, StepNode>;
  /** The parsed schedule of a schedule trigger. */
  schedule: CronSpec | null;
}

const compiled = new WeakMap<Journey, CompiledJourney>();
const byDefinitions = new WeakMap<LoadedDefinitions, Map<string, CompiledJourney>>();

/**
 * Compiles a journey definition once (cached per definition object): a definition read back
 * from storage for an older version compiles the same way as the current one.
 */
export function compileJourney(id: string, definition: Journey): CompiledJourney {
  let journey = compiled.get(definition);
  if (!journey || journey.id !== id) {
    const steps = new Map<string, StepNode>();
    index(definition.steps, null, steps);
    const trigger = definition.trigger;
    const cron = 'schedule' in trigger ? parseCron(trigger.schedule) : null;
    journey = {
      id,
      version: journeyVersion(definition),
      definition,
      first: definition.steps[0]?.id ?? null,
      steps,
      schedule: typeof cron === 'string' ? null : cron,
    };
    compiled.set(definition, journey);
  }
  return journey;
}

/** Every journey of the loaded definitions, compiled, in file order (cached per load). */
export function compiledJourneys(loaded: LoadedDefinitions): Map<string, CompiledJourney> {
  let journeys = byDefinitions.get(loaded);
  if (!journeys) {
    journeys = new Map(
      Object.entries(loaded.definitions.journeys).map(([id, definition]) => [
        id,
        compileJourney(id, definition),
      ]),
    );
    byDefinitions.set(loaded, journeys);
  }
  return journeys;
}

/**
 * A journey's version: a hash of its own definition, so editing one journey leaves the runs of
 * the others on their version. Runs store it; the runtime stores each version's definition.
 */
export function journeyVersion(definition: Journey): string {
  return definitionsVersion(definition);
}

/** Links each step to the one after it: its next sibling, or what follows its parent. */
function index(steps: Step[], after: string | null, into: Map<string, StepNode>): void {
  steps.forEach((step, i) => {
    const next = steps[i + 1]?.id ?? after;
    into.set(step.id, { step, kind: stepKind(step), next });
    for (const [nested] of nestedSteps(step)) index(nested, next, into);
  });
}
