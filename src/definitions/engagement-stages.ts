/** The engagement stages of the usage reports, in order: a stage's level is its position + 1. */
export const ENGAGEMENT_STAGES = ['implement', 'reinforce', 'optimize', 'expand'] as const;

export type EngagementStage = (typeof ENGAGEMENT_STAGES)[number];
