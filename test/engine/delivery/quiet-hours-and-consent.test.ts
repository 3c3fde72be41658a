import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quietHoursEnd } from '../../../src/engine/delivery/index.js';
import { decide, policy, sentAt } from './delivery-fixtures.js';

const config = policy(`
delivery:
  quiet_hours: { from: '21:00', to: '08:00' }
  caps:
    email: { max: 1, per: 1d }
`);
const quiet = config.quiet_hours!;

describe('quiet hours', () => {
  it('defer a send to the end of the window in the user’s time zone, never drop it', () => {
    // 05:00 UTC is 06:00 in Paris: quiet until 08:00 there (07:00 UTC)…
    const now = Date.UTC(2026, 0, 6, 5);
    const paris = decide(config, { now, timeZone: 'Europe/Paris' });
    assert.deepEqual(paris, {
      decision: 'defer',
      code: 'quiet_hours',
      until: Date.UTC(2026, 0, 6, 7),
      reason: 'quiet hours 21:00–08:00 in Europe/Paris',
    });
    // …but 21:00 the evening before in New York: quiet until 08:00 the next morning there.
    const newYork = decide(config, { now, timeZone: 'America/New_York' });
    assert.equal(newYork.decision === 'defer' && newYork.until, Date.UTC(2026, 0, 6, 13));
    // and 14:00 in Tokyo: not quiet.
    assert.equal(decide(config, { now, timeZone: 'Asia/Tokyo' }).decision, 'send');
  });

  it('a window spanning midnight, before and after it; and one within a day', () => {
    const at = (h: number, m = 0) => Date.UTC(2026, 0, 6, h, m);
    assert.equal(quietHoursEnd(quiet, at(20, 59), 'UTC'), null);
    assert.equal(quietHoursEnd(quiet, at(21), 'UTC'), Date.UTC(2026, 0, 7, 8));
    assert.equal(quietHoursEnd(quiet, at(23, 30), 'UTC'), Date.UTC(2026, 0, 7, 8));
    assert.equal(quietHoursEnd(quiet, at(2), 'UTC'), at(8));
    assert.equal(quietHoursEnd(quiet, at(8), 'UTC'), null);
    const lunch = { from: 12 * 60, to: 14 * 60 };
    assert.equal(quietHoursEnd(lunch, at(13), 'UTC'), at(14));
    assert.equal(quietHoursEnd(lunch, at(14), 'UTC'), null);
  });

  it('across a daylight-saving change: 08:00 local, whatever the offset that night', () => {
    // Paris moves from +1 to +2 at 02:00 on 29 March 2026.
    const night = Date.UTC(2026, 2, 28, 23);
    assert.equal(quietHoursEnd(quiet, night, 'Europe/Paris'), Date.UTC(2026, 2, 29, 6));
  });

  it('apply to the configured channels only (email by default), and not to transactional', () => {
    const now = Date.UTC(2026, 0, 6, 2);
    assert.equal(decide(config, { send: { channel: 'inapp' }, now }).decision, 'send');
    assert.equal(decide(config, { send: { transactional: true }, now }).decision, 'send');
  });

  it('a deferred message is asked again at the window’s end, and caps decide then', () => {
    const deferred = decide(config, { now: Date.UTC(2026, 0, 6, 2) });
    assert.equal(deferred.decision, 'defer');
    const until = deferred.decision === 'defer' ? deferred.until : 0;
    assert.equal(decide(config, { now: until }).decision, 'send');
    assert.equal(decide(config, { now: until, recent: sentAt(until - 1000) }).decision, 'cap');
  });
});

describe('consent', () => {
  const now = Date.UTC(2026, 0, 6, 12);

  it('unsubscribed from a topic: that topic’s marketing is suppressed, others are not', () => {
    const consent = { unsubscribedTopics: ['product_tips'] };
    assert.deepEqual(decide(config, { send: { topic: 'product_tips' }, consent, now }), {
      decision: 'suppress',
      code: 'topic_unsubscribed',
      reason: 'unsubscribed from topic product_tips',
    });
    assert.equal(decide(config, { send: { topic: 'reports' }, consent, now }).decision, 'send');
  });

  it('unsubscribed from all marketing: suppressed; transactional still goes', () => {
    const consent = { unsubscribedAll: true };
    const suppressed = decide(config, { consent, now });
    assert.equal(suppressed.decision === 'suppress' && suppressed.code, 'unsubscribed');
    assert.equal(decide(config, { send: { transactional: true }, consent, now }).decision, 'send');
  });

  it('a suppressed channel (hard bounce) stops even transactional messages', () => {
    const consent = { suppressedChannels: ['email' as const] };
    const bounced = decide(config, { send: { transactional: true }, consent, now });
    assert.equal(bounced.decision === 'suppress' && bounced.code, 'channel_suppressed');
  });
});
