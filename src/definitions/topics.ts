import { z } from 'zod';
import { expecting } from './error-map.js';
import { nameSchema, strictObject, textSchema } from './primitives.js';

export const TOPIC_DEFAULTS = ['subscribed', 'unsubscribed'] as const;
export type TopicDefault = (typeof TOPIC_DEFAULTS)[number];

/**
 * A subscription topic: a kind of marketing message a user can leave (or join) on its own, from
 * the unsubscribe link or the preference page. Journey send steps and templates name one.
 *
 *     product_tips:
 *       name: Product tips
 *       description: Short tips on features you have not tried yet
 *       default: subscribed        # opt-out: everyone gets them until they leave
 *     announcements:
 *       default: unsubscribed      # opt-in: only users who subscribed get them
 *
 * Transactional messages have no topic and ignore consent.
 */
export const topicSchema = strictObject({
  /** What the preference page shows; the topic's id, humanised, when absent. */
  name: textSchema.optional(),
  description: textSchema.optional(),
  default: z
    .enum(TOPIC_DEFAULTS, {
      error: 'expected subscribed (opt-out) or unsubscribed (opt-in)',
    })
    .default('subscribed'),
});

export const topicsSchema = z.record(nameSchema, topicSchema, {
  error: expecting('a mapping of topic names to { name?, description?, default? }'),
});

export type Topic = z.output<typeof topicSchema>;
export type Topics = z.output<typeof topicsSchema>;

/** The name a person reads: `product_tips` → `Product tips` unless the topic names itself. */
export function topicLabel(id: string, topic: Topic | undefined): string {
  if (topic?.name) return topic.name;
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
