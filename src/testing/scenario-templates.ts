import { dirname, join } from 'node:path';
import { CHANNEL_KIND } from '../templates/check-references.js';
import { loadTemplates } from '../templates/load-templates.js';
import { pickVariant } from '../templates/pick-variant.js';

/**
 * What a scenario needs to know of the templates beside a definitions file, read without
 * compiling anything: a send step without a topic takes its template's (so a scenario that
 * unsubscribes from a topic sees what the real runtime would suppress), and a message is
 * rendered with the persona variant the renderer would pick (so `sent` can name it).
 */
export interface ScenarioTemplates {
  /** A message's topic from its template (front-matter `topic`), as the delivery worker
   * resolves it; null: none. */
  topic(channel: string, template: string): string | null;
  /** The persona of the variant a message is rendered with, for the user's personas by
   * dimension; null: the base template. */
  variant(
    channel: string,
    template: string,
    personas: Record<string, string | null>,
  ): string | null;
}

/** No templates folder: no topics, no variants. */
export const NO_TEMPLATES: ScenarioTemplates = { topic: () => null, variant: () => null };

export async function scenarioTemplates(definitionsFile: string): Promise<ScenarioTemplates> {
  const { set } = await loadTemplates(join(dirname(definitionsFile), 'templates'));
  const topics = new Map<string, string>();
  const variants = new Map<string, Map<string, string>>();
  for (const family of set.templates) {
    const key = `${family.kind}:${family.id}`;
    const topic = family.base.settings.topic;
    if (topic) topics.set(key, topic);
    variants.set(key, new Map([...family.variants.keys()].map((persona) => [persona, persona])));
  }
  const keyOf = (channel: string, template: string) => {
    const kind = CHANNEL_KIND[channel as keyof typeof CHANNEL_KIND];
    return kind ? `${kind}:${template}` : '';
  };
  return {
    topic: (channel, template) => topics.get(keyOf(channel, template)) ?? null,
    variant: (channel, template, personas) =>
      pickVariant(variants.get(keyOf(channel, template)) ?? new Map<string, string>(), personas),
  };
}
