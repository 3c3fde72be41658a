export { parseDefinitions, type LoadedDefinitions } from './parse-definitions.js';
export { loadDefinitions } from './load-definitions.js';
export { DefinitionsError, formatIssue, type DefinitionIssue } from './definitions-error.js';
export { definitionsJsonSchema } from './json-schema.js';
export { definitionsVersion } from './version.js';
export { parseDuration, formatDuration } from './duration.js';
export { dependencyGraph } from './dependency-graph.js';
export type { Definitions } from './schema.js';
export type { Rule } from './rule-types.js';
export { LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle-stages.js';
export { ENGAGEMENT_STAGES, type EngagementStage } from './engagement-stages.js';
export { QUALIFIER_EVENT } from './qualifier.js';
export {
  referencedTemplates,
  referencedTemplateIds,
  type TemplateReference,
} from './referenced-templates.js';
export { parseCron, type CronSpec } from './cron.js';
export { formatTimeOfDay, parseTimeOfDay, WEEKDAYS, type Weekday } from './time-of-day.js';
export type * from './journey-types.js';
export { LOGIN_EVENT, NEXT_LOGIN_WITHIN, STEP_KINDS, stepKind } from './journey-types.js';
export type { DeliveryConfig, Cap, Caps } from './delivery.js';
export { nestedSteps, walkSteps } from './step-walk.js';
export type { PropertyFilter } from './property-filter.js';
export type { Comparison } from './comparison.js';
export { topicNames } from './topic-references.js';
export {
  TOPIC_DEFAULTS,
  topicLabel,
  type Topic,
  type Topics,
  type TopicDefault,
} from './topics.js';
