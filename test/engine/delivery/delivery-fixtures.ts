import type { DeliveryConfig } from '../../../src/definitions/index.js';
import { parseDefinitions } from '../../../src/definitions/index.js';
import {
  decideDelivery,
  FULL_CONSENT,
  type CandidateSend,
  type Consent,
  type DeliveryDecision,
  type RecentSend,
} from '../../../src/engine/delivery/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The delivery section of a YAML text. */
export function policy(yaml: string): DeliveryConfig {
  return parseDefinitions(yaml, 'test.yaml').definitions.delivery;
}

export const marketing: CandidateSend = {
  channel: 'email',
  transactional: false,
  topic: null,
  priority: 'normal',
};

export function sentAt(...times: number[]): RecentSend[] {
  return times.map((at) => ({ at, channel: 'email', transactional: false, priority: 'normal' }));
}

export function decide(
  config: DeliveryConfig,
  options: {
    send?: Partial<CandidateSend>;
    recent?: RecentSend[];
    consent?: Partial<Consent>;
    timeZone?: string;
    now: number;
  },
): DeliveryDecision {
  return decideDelivery({
    send: { ...marketing, ...options.send },
    recent: options.recent ?? [],
    consent: { ...FULL_CONSENT, ...options.consent },
    timeZone: options.timeZone ?? 'UTC',
    now: options.now,
    policy: config,
  });
}
