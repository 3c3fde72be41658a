/** The lifecycle stages, decided by actions in the product rather than days since signup. */
export const LIFECYCLE_STAGES = [
  'new',
  'onboarding',
  'activated',
  'engaged',
  'at_risk',
  'dormant',
  'churned',
  'converted',
] as const;

export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
