import { z } from 'zod';
import { expecting } from './error-map.js';
import { nameSchema, strictObject, textSchema } from './primitives.js';

/** The list for users who have no persona with a list of their own. */
export const DEFAULT_CHECKLIST = 'default';

/** Where an item sends the user: a web link or a path of the product (the widget's href). */
const linkSchema = z
  .string({ error: expecting('a link: https://… or a path like /sources/new') })
  .regex(/^(https?:\/\/\S+|\/\S*)$/i, 'expected a link: https://… or a path like /sources/new');

const checklistItemSchema = strictObject({
  /** Done when the user has reached this milestone. */
  milestone: nameSchema,
  label: z
    .string({ error: expecting('a label (what the user sees)') })
    .trim()
    .min(1, 'expected a label (what the user sees)'),
  link: linkSchema.optional(),
  description: textSchema.optional(),
});

const checklistItemsSchema = z
  .array(checklistItemSchema, { error: expecting('a list of { milestone, label, link? }') })
  .min(1, 'expected at least one item')
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.milestone))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'milestone'],
          message: `milestone "${item.milestone}" is already an item of this list`,
        });
      seen.add(item.milestone);
    });
  });

/**
 * The onboarding checklist the in-app widget shows: per persona (of any dimension), or
 * `default`, an ordered list of milestones, each with a label and an optional link. An item is
 * done when its milestone is reached — a checklist is progress the user makes in the product,
 * not boxes they tick.
 *
 *     checklist:
 *       default:
 *         - { milestone: data_source_connected, label: Connect a data source, link: /sources/new }
 *         - { milestone: first_report_created, label: Create your first report }
 *       technical:
 *         - { milestone: first_integration, label: Set up an API integration, link: /developers }
 */
export const checklistSchema = z.record(nameSchema, checklistItemsSchema, {
  error: expecting('a mapping of persona names (or default) to lists of { milestone, label }'),
});

export type Checklist = z.output<typeof checklistSchema>;
export type ChecklistItem = z.output<typeof checklistItemSchema>;

/**
 * The list for a user: the first of their personas, in the order the persona dimensions are
 * declared, that has a list (as template variants are picked), else `default`, else none.
 */
export function pickChecklist(
  checklist: Checklist,
  personas: Record<string, string | null>,
): { persona: string | null; items: ChecklistItem[] } | null {
  for (const persona of Object.values(personas)) {
    if (persona !== null && persona !== DEFAULT_CHECKLIST && checklist[persona])
      return { persona, items: checklist[persona] };
  }
  const fallback = checklist[DEFAULT_CHECKLIST];
  return fallback ? { persona: null, items: fallback } : null;
}
