import type { NotifyChannel, SendChannel } from './journey-types.js';
import type { Path } from './rule-walk.js';
import type { Definitions } from './schema.js';
import { walkSteps } from './step-walk.js';

export interface TemplateReference {
  template: string;
  channel: SendChannel | NotifyChannel;
  /** `send` (to the user) or `notify` (to the team). */
  kind: 'send' | 'notify';
  journey: string;
  step: string;
  /** Where the template id is written, for errors that point at the YAML. */
  path: Path;
}

/**
 * Every template a journey step names, in file order. The loader does not require the files to
 * exist (templates are checked with the templates folder); this is what that check reads.
 */
export function referencedTemplates(definitions: Definitions): TemplateReference[] {
  const out: TemplateReference[] = [];
  for (const [journey, { steps }] of Object.entries(definitions.journeys)) {
    walkSteps(steps, ['journeys', journey, 'steps'], (step, path) => {
      if ('send' in step)
        out.push({
          template: step.send.template,
          channel: step.send.channel,
          kind: 'send',
          journey,
          step: step.id,
          path: [...path, 'send'],
        });
      if ('notify' in step)
        out.push({
          template: step.notify.template,
          channel: step.notify.channel,
          kind: 'notify',
          journey,
          step: step.id,
          path: [...path, 'notify'],
        });
    });
  }
  return out;
}

/** The distinct template ids the journeys name, sorted. */
export function referencedTemplateIds(definitions: Definitions): string[] {
  return [...new Set(referencedTemplates(definitions).map((ref) => ref.template))].sort();
}
