import { z } from 'zod';
import { expecting } from '../error-map.js';
import { strictObject, textSchema } from '../primitives.js';

/**
 * Who is compared with whom. The cohort key is the listed account traits, most important
 * first; a user's traits are their (first) account's. A cohort smaller than `min_size` peers
 * widens by dropping the last trait, down to everyone; below `min_size` even then, no
 * comparison is made. Percentile = share of peers strictly below plus half the ties.
 *
 *     peers: { cohort: [employee_bucket, plan], min_size: 5 }
 */
export const peersSchema = strictObject({
  cohort: z.array(z.string().min(1, 'expected a trait name'), {
    error: expecting('a list of account trait names'),
  }),
  min_size: z
    .number({ error: expecting('a whole number') })
    .int('expected a whole number')
    .min(2, 'a comparison needs at least 2 peers')
    .default(5),
  description: textSchema.optional(),
});

export type PeersDefinition = z.output<typeof peersSchema>;
