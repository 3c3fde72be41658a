import { dirname, join } from 'node:path';
import { CHANNEL_KIND } from '../templates/check-references.js';
import { loadTemplates } from '../templates/load-templates.js';

/** A message's topic from its template, as the delivery worker resolves it. */
export type TemplateTopic = (channel: string, template: string) => string | null;

export const NO_TEMPLATE_TOPICS: TemplateTopic = () => null;

/**
 * The topics the templates beside a definitions file declare (front-matter `topic`), read
 * without compiling anything: a send step without a topic takes its template's, so a scenario
 * that unsubscribes from a topic sees what the real runtime would suppress.
 */
export async function templateTopics(definitionsFile: string): Promise<TemplateTopic> {
  const { set } = await loadTemplates(join(dirname(definitionsFile), 'templates'));
  const topics = new Map<string, string>();
  for (const family of set.templates) {
    const topic = family.base.settings.topic;
    if (topic) topics.set(`${family.kind}:${family.id}`, topic);
  }
  return (channel, template) => {
    const kind = CHANNEL_KIND[channel as keyof typeof CHANNEL_KIND];
    return (kind && topics.get(`${kind}:${template}`)) ?? null;
  };
}
