/**
 * A small seeded SaaS population for analytics tests: signups across ten weeks, three personas
 * (from the `role` qualifier trait) with planted activation rates, first touches from campaigns
 * and referrers, accounts, milestones, upgrades, churn, logins and page views that are not
 * meaningful activity, anonymous visits merged at identify, and a delivery log with engagement.
 * Events go through the real ingest path (applyEvents, the engine, the store's triggers), day
 * by day with the clock at the end of each day, so state changes carry realistic times.
 */
import type { IncomingEvent, JsonObject } from '../../src/core/types.js';
import { parseDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { applyEvents } from '../../src/runtime/apply-events.js';
import type { MessageRecord, Store } from '../../src/store/store.js';

export const DAY = 86_400_000;
/** Wednesday 2026-03-18 12:00 UTC: the current week and day are in progress. */
export const NOW = Date.UTC(2026, 2, 18, 12);
const START = NOW - 70 * DAY;

export const PLANTED_ACTIVATION: Record<string, number> = {
  technical: 0.47,
  business: 0.31,
  executive: 0.28,
};
const ROLES: [string, number][] = [
  ['technical', 0.4],
  ['business_operations', 0.35],
  ['executive', 0.25],
];
const PERSONA_OF: Record<string, string> = {
  technical: 'technical',
  business_operations: 'business',
  executive: 'executive',
};
const TOUCHES: [JsonObject, number][] = [
  [
    {
      campaign: { source: 'google', name: 'spring', medium: 'cpc' },
      page: { referrer: 'https://google.com/' },
    },
    0.35,
  ],
  [
    { campaign: { source: 'newsletter', name: 'launch', medium: 'email' }, page: { referrer: '' } },
    0.25,
  ],
  [{ page: { referrer: 'https://news.ycombinator.com/' } }, 0.2],
  [{ page: {} }, 0.2],
];

export const DEFINITIONS_YAML = `
version: 1
milestones:
  source_connected: { event: Data Source Connected }
  report_created: { event: Report Created }
  report_shared: { event: Report Shared }
activation:
  milestones: [source_connected, report_created, report_shared]
  within: 7d
  signup: { event: Signed Up }
conversion: { trait: plan, in: [pro, team] }
personas:
  path:
    rules:
      - { persona: technical, when: { answer: role, equals: technical } }
      - { persona: business, when: { answer: role, equals: business_operations } }
      - { persona: executive, when: { answer: role, equals: executive } }
qualifier:
  questions:
    role: { prompt: Role?, answers: [technical, business_operations, executive] }
lifecycle:
  - { stage: converted, when: { trait: plan, in: [pro, team] } }
  - { stage: activated, when: { activated: true } }
  - { stage: onboarding, when: { milestone: source_connected } }
  - stage: new
engagement:
  - { stage: reinforce, when: { activated: true } }
  - stage: implement
`;

export function testDefinitions(): LoadedDefinitions {
  return parseDefinitions(DEFINITIONS_YAML);
}

/** mulberry32: small, fast, and the same sequence everywhere. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let r = random();
  for (const [value, w] of weighted) {
    if ((r -= w) < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

export interface Population {
  events: IncomingEvent[];
  /** With `split`: the daily activity after signup, which moves no state the metrics read
   * (for a bulk load that stores it without the engine); otherwise empty (it is in `events`). */
  activity: IncomingEvent[];
  messages: MessageRecord[];
  users: number;
}

export interface PopulationOptions {
  /** The number of the first user (u<first>, …): a large population is made in slices. */
  first?: number;
  /** Meaningful events per active day (default 1, each maybe followed by an automation). */
  perActiveDay?: number;
  /** Daily activity in `activity` instead of `events`. */
  split?: boolean;
}

export function generatePopulation(
  seed: number,
  users: number,
  options: PopulationOptions = {},
): Population {
  const random = seeded(seed);
  const events: IncomingEvent[] = [];
  const activity: IncomingEvent[] = [];
  const messages: MessageRecord[] = [];
  const first = options.first ?? 0;
  const perActiveDay = options.perActiveDay ?? 1;
  let n = 0;
  let into = events;
  const ev = (fields: Partial<IncomingEvent> & Pick<IncomingEvent, 'type' | 'timestamp'>) => {
    if (fields.timestamp > NOW) return;
    into.push({
      messageId: `m-${seed}-${n++}`,
      event: null,
      userId: null,
      anonymousId: null,
      groupId: null,
      previousId: null,
      originalTimestamp: fields.timestamp,
      sentAt: null,
      receivedAt: fields.timestamp,
      properties: {},
      traits: {},
      context: {},
      source: 'api',
      ...fields,
    });
  };
  let account = 0;
  let accountLeft = 0;
  for (let i = first; i < first + users; i++) {
    const userId = `u${String(i).padStart(5, '0')}`;
    const signup = START + Math.floor(random() * 70 * DAY);
    const role = pick(random, ROLES);
    const persona = PERSONA_OF[role];
    const touch = pick(random, TOUCHES);
    if (accountLeft <= 0) {
      account++;
      accountLeft = 1 + Math.floor(random() * 4);
    }
    accountLeft--;
    const groupId = `acct${account}`;
    // An anonymous visit first (merged into the user at identify), or straight to signup.
    const anonymous = random() < 0.5 ? `anon-${userId}` : null;
    if (anonymous) {
      ev({
        type: 'page',
        event: 'Pricing',
        anonymousId: anonymous,
        timestamp: signup - 3_600_000,
        context: touch,
      });
      ev({
        type: 'track',
        event: 'Report Created',
        anonymousId: anonymous,
        timestamp: signup - 3_000_000,
      });
    }
    ev({
      type: 'identify',
      userId,
      anonymousId: anonymous,
      timestamp: signup,
      traits: { role, email: `${userId}@example.com` },
    });
    ev({
      type: 'track',
      event: 'Signed Up',
      userId,
      timestamp: signup + 1000,
      context: anonymous ? {} : touch,
    });
    ev({
      type: 'group',
      userId,
      groupId,
      timestamp: signup + 2000,
      traits: { industry: account % 3 === 0 ? 'finance' : 'software' },
    });
    if (random() < 0.15)
      ev({ type: 'identify', userId, timestamp: signup + 3000, traits: { plan: 'free' } });

    const activates = random() < PLANTED_ACTIVATION[persona];
    const milestones = ['Data Source Connected', 'Report Created', 'Report Shared'];
    if (activates) {
      let t = signup + 5 * 60_000;
      for (const m of milestones) {
        t += Math.floor(random() * 2 * DAY);
        ev({
          type: 'track',
          event: m,
          userId,
          timestamp: t,
          properties: m === 'Report Shared' ? {} : {},
        });
      }
    } else {
      // Part of the way, or all of it too late (after the 7-day window).
      const late = random() < 0.2;
      const reach = late ? 3 : Math.floor(random() * 3);
      let t = signup + (late ? 7 * DAY : 0) + 10 * 60_000;
      for (let k = 0; k < reach; k++) {
        t += Math.floor(random() * DAY);
        ev({ type: 'track', event: milestones[k], userId, timestamp: t });
      }
    }

    // Activity until churn: each later day, meaningful work, a login only, or a page view only.
    const churnPerDay = activates ? 0.03 : 0.12;
    const dailyUse = activates ? 0.45 : 0.2;
    if (options.split) into = activity;
    for (let d = 1; signup + d * DAY <= NOW; d++) {
      if (random() < churnPerDay) break;
      const at = signup + d * DAY + Math.floor(random() * 6 * 3_600_000);
      const r = random();
      if (r < dailyUse) {
        for (let k = 0; k < perActiveDay; k++) {
          ev({
            type: 'track',
            event: random() < 0.6 ? 'Task Created' : 'Report Created',
            userId,
            timestamp: at + k * 120_000,
            context: { groupId },
          });
          if (random() < 0.3)
            ev({
              type: 'track',
              event: 'Automation Created',
              userId,
              timestamp: at + k * 120_000 + 60_000,
            });
        }
      } else if (r < dailyUse + 0.1) {
        ev({ type: 'track', event: 'Logged In', userId, timestamp: at });
      } else if (r < dailyUse + 0.15) {
        ev({ type: 'page', event: 'Dashboard', userId, timestamp: at });
      }
    }
    into = events;
    // Trial → paid: activated users convert more often, some days after signup.
    if (random() < (activates ? 0.4 : 0.08)) {
      ev({
        type: 'identify',
        userId,
        timestamp: signup + Math.floor((3 + random() * 14) * DAY),
        traits: { plan: random() < 0.7 ? 'pro' : 'team' },
      });
    }
    // A few messages with engagement.
    if (random() < 0.5) {
      const id = `msg-${userId}`;
      const created = signup + 3_600_000;
      const state = pick<MessageRecord['state']>(random, [
        ['sent', 0.8],
        ['failed', 0.05],
        ['capped', 0.1],
        ['suppressed', 0.05],
      ]);
      const template = random() < 0.5 ? 'welcome' : 'nudge';
      if (created <= NOW) {
        messages.push({
          id,
          profileId: userId,
          journeyId: template === 'welcome' ? 'onboarding' : 'nudges',
          runId: null,
          stepId: null,
          channel: 'email',
          template,
          topic: null,
          transactional: false,
          priority: 'normal',
          state,
          reason: null,
          attempts: 1,
          providerId: null,
          dueAt: null,
          leaseUntil: null,
          createdAt: created,
          updatedAt: created,
          sentAt: state === 'sent' ? created : null,
          payload: {},
        });
        if (state === 'sent') {
          const engage = (name: string, p: number, k: string) => {
            if (random() < p)
              ev({
                type: 'track',
                event: name,
                userId,
                timestamp: created + 600_000,
                source: 'internal',
                messageId: `${k}:${id}`,
                properties: { message: id, template },
              });
          };
          engage('Email Opened', 0.5, 'open');
          engage('Email Clicked', 0.2, 'click');
          engage('Unsubscribed', 0.03, 'unsub');
          engage('Email Bounced', 0.02, 'bounce');
          engage('Email Complained', 0.01, 'complaint');
        }
      }
    }
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, activity, messages, users };
}

/** Applies the population day by day (clock at the end of each day, at most NOW). */
export async function loadPopulation(
  store: Store,
  population: Population,
  definitions: LoadedDefinitions,
): Promise<void> {
  let i = 0;
  const { events } = population;
  while (i < events.length) {
    const dayEnd = Math.min(NOW, (Math.floor(events[i].timestamp / DAY) + 1) * DAY);
    const batch: IncomingEvent[] = [];
    while (
      i < events.length &&
      (batch.length === 0 || events[i].timestamp < dayEnd) &&
      batch.length < 400
    ) {
      batch.push(events[i++]);
    }
    await store.transaction((tx) => applyEvents(tx, batch, { definitions, now: dayEnd }));
  }
  if (population.messages.length) {
    await store.transaction((tx) => tx.insertMessages(population.messages));
  }
}
