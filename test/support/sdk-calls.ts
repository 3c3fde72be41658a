import type { JsonObject } from '../../src/core/types.js';
import type { TestApp } from './test-app.js';

/**
 * Segment calls through the HTTP ingest API of a test app, timestamped by its clock, as the
 * product's backend sends them: with the server write key, since identify may set contact points.
 */
export function sdkCalls(t: TestApp) {
  const send = async (type: string, payload: JsonObject) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/${type}`,
      headers: t.server,
      payload: { ...payload, timestamp: new Date(t.clock.now()).toISOString() },
    });
    if (res.statusCode !== 200)
      throw new Error(`/v1/${type} answered ${res.statusCode}: ${res.body}`);
  };
  return {
    track: (userId: string, event: string, properties: JsonObject = {}, context: JsonObject = {}) =>
      send('track', { userId, event, properties, context }),
    identify: (userId: string, traits: JsonObject) => send('identify', { userId, traits }),
    group: (userId: string, groupId: string, traits: JsonObject = {}) =>
      send('group', { userId, groupId, traits }),
  };
}
