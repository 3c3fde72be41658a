import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinitions } from '../../../src/definitions/index.js';
import { decideDelivery, FULL_CONSENT, type Consent } from '../../../src/engine/delivery/index.js';
import { marketing } from './delivery-fixtures.js';

const { definitions } = parseDefinitions(
  `
topics:
  product_tips: { description: Tips on features }
  announcements: { description: New features, default: unsubscribed }
`,
  'topics.yaml',
);

const now = Date.UTC(2026, 0, 6, 12);
const decide = (topic: string | null, consent: Partial<Consent> = {}, transactional = false) =>
  decideDelivery({
    send: { ...marketing, topic, transactional },
    recent: [],
    consent: { ...FULL_CONSENT, ...consent },
    timeZone: 'UTC',
    now,
    policy: definitions.delivery,
    topics: definitions.topics,
  });

describe('opt-in and opt-out topics', () => {
  it('an opt-out topic (the default) reaches everyone who did not leave it', () => {
    assert.equal(definitions.topics.product_tips.default, 'subscribed');
    assert.equal(decide('product_tips').decision, 'send');
  });

  it('an opt-in topic reaches only users who subscribed to it', () => {
    assert.deepEqual(decide('announcements'), {
      decision: 'suppress',
      code: 'topic_not_subscribed',
      reason: 'topic announcements is opt-in and the user has not subscribed to it',
    });
    assert.equal(decide('announcements', { subscribedTopics: ['announcements'] }).decision, 'send');
  });

  it('leaving all marketing wins over a subscription; transactional mail ignores topics', () => {
    const consent = { unsubscribedAll: true, subscribedTopics: ['announcements'] };
    const decision = decide('announcements', consent);
    assert.equal(decision.decision === 'suppress' && decision.code, 'unsubscribed');
    assert.equal(decide(null, {}, true).decision, 'send');
  });

  it('without a topics section every topic is opt-out', () => {
    const decision = decideDelivery({
      send: { ...marketing, topic: 'announcements' },
      recent: [],
      consent: FULL_CONSENT,
      timeZone: 'UTC',
      now,
      policy: definitions.delivery,
    });
    assert.equal(decision.decision, 'send');
  });
});
