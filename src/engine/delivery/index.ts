export { decideDelivery, type DeliveryInput } from './decide-delivery.js';
export {
  FULL_CONSENT,
  type CandidateSend,
  type Consent,
  type DeliveryDecision,
  type RecentSend,
} from './delivery-types.js';
export { capLimit, reachedCap } from './frequency-cap.js';
export { quietHoursEnd } from './quiet-hours-end.js';
export { capWindowStart } from './cap-window-start.js';
