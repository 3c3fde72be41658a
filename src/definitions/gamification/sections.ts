import { badgesSchema } from './badges.js';
import { levelsSchema } from './levels.js';
import { metricsSchema } from './metrics.js';
import { peersSchema } from './peers.js';
import { pointsSchema } from './points.js';
import { recommendationsSchema } from './recommendations.js';
import { recordsSchema } from './records.js';
import { roiSchema } from './roi.js';
import { streaksSchema } from './streaks.js';
import { tiersSchema } from './tiers.js';

/** The gamification sections of `cairn.yaml`, each validated by its own schema. */
export const GAMIFICATION_SECTIONS = {
  metrics: metricsSchema,
  points: pointsSchema,
  levels: levelsSchema,
  tiers: tiersSchema,
  badges: badgesSchema,
  streaks: streaksSchema,
  records: recordsSchema,
  roi: roiSchema,
  peers: peersSchema,
  recommendations: recommendationsSchema,
};

/** Their places in the definitions object, with defaults and the descriptions editors show. */
export const gamificationShape = {
  metrics: metricsSchema
    .default({})
    .describe(
      'Named measures per day, week, month and quarter: count, sum of a property, active days',
    ),
  points: pointsSchema
    .default([])
    .describe('Points per event or milestone, optionally capped per period'),
  levels: levelsSchema
    .default({})
    .describe('Ladders of levels over points and milestone sets (Explorer → Builder → …)'),
  tiers: tiersSchema
    .default({})
    .describe('Tiers over a period metric, recomputed each period (Bronze → Platinum)'),
  badges: badgesSchema
    .default({})
    .describe('Badges earned once: a rule and/or gamification requirements'),
  streaks: streaksSchema
    .default({})
    .describe('Consecutive local days or weeks meeting metric thresholds; freezes; at-risk moment'),
  records: recordsSchema.default({}).describe('Personal bests per metric and period'),
  roi: roiSchema.optional().describe('Minutes saved per metric unit, and human equivalents'),
  peers: peersSchema
    .optional()
    .describe('Peer cohorts over account traits with a minimum size; percentile definition'),
  recommendations: recommendationsSchema
    .default({})
    .describe('Features to recommend, ranked by impact measured from peers or declared'),
};
