import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../src/core/clock.js';
import { DAY, HOUR, decide, policy, sentAt } from './delivery-fixtures.js';

const caps = policy(`
delivery:
  caps:
    email:
      - { max: 3, per: 7d, by_priority: { low: 1, normal: 2 } }
      - { max: 2, per: 12h }
    inapp: { max: 1, per: 1d }
`);

describe('frequency caps', () => {
  it('at most 3 marketing emails per 7 days: the fourth is capped, with the reason', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 12, 12));
    const now = clock.now();
    const recent = sentAt(now - 6 * DAY, now - 4 * DAY, now - 2 * DAY);
    const capped = decide(caps, { send: { priority: 'high' }, recent, now });
    assert.equal(capped.decision, 'cap');
    assert.equal(capped.reason, '3 email messages in the last 7 days, the limit for high priority');
    // A week later the oldest has left the window.
    clock.advance(DAY);
    assert.equal(
      decide(caps, { send: { priority: 'high' }, recent, now: clock.now() }).decision,
      'send',
    );
  });

  it('priorities: lower ones stop earlier, keeping the last slots for important messages', () => {
    const now = Date.UTC(2026, 0, 12, 12);
    const one = sentAt(now - 3 * DAY);
    assert.equal(decide(caps, { send: { priority: 'low' }, recent: one, now }).decision, 'cap');
    assert.equal(decide(caps, { send: { priority: 'normal' }, recent: one, now }).decision, 'send');
    const two = sentAt(now - 3 * DAY, now - 2 * DAY);
    assert.equal(decide(caps, { send: { priority: 'normal' }, recent: two, now }).decision, 'cap');
    assert.equal(decide(caps, { send: { priority: 'high' }, recent: two, now }).decision, 'send');
  });

  it('every cap of the channel applies (a short window too)', () => {
    const now = Date.UTC(2026, 0, 12, 12);
    const burst = sentAt(now - 2 * HOUR, now - HOUR);
    const capped = decide(caps, { send: { priority: 'high' }, recent: burst, now });
    assert.equal(capped.decision === 'cap' && capped.cap.per, 12 * HOUR);
    assert.equal(capped.reason, '2 email messages in the last 12h, the limit for high priority');
  });

  it('transactional messages are never capped and never counted', () => {
    const now = Date.UTC(2026, 0, 12, 12);
    const full = sentAt(now - 3 * DAY, now - 2 * DAY, now - DAY);
    const receipt = decide(caps, { send: { transactional: true }, recent: full, now });
    assert.deepEqual(
      [receipt.decision, receipt.reason],
      ['send', 'transactional: exempt from consent, quiet hours and caps'],
    );
    const receipts = full.map((r) => ({ ...r, transactional: true }));
    assert.equal(
      decide(caps, { send: { priority: 'low' }, recent: receipts, now }).decision,
      'send',
    );
  });

  it('caps count per channel', () => {
    const now = Date.UTC(2026, 0, 12, 12);
    const emails = sentAt(now - 3 * DAY, now - 2 * DAY, now - DAY);
    assert.equal(
      decide(caps, { send: { channel: 'inapp' }, recent: emails, now }).decision,
      'send',
    );
    assert.equal(
      decide(caps, { send: { channel: 'webhook' }, recent: emails, now }).decision,
      'send',
    );
  });

  it('whole days are counted in the user’s time zone', () => {
    // "1 per day": a message at 23:30 in Tokyo (14:30 UTC) and another at 00:30 the next day
    // there (15:30 UTC) fall on two different days for that user.
    const first = sentAt(Date.UTC(2026, 0, 12, 14, 30)).map((r) => ({
      ...r,
      channel: 'inapp' as const,
    }));
    const next = Date.UTC(2026, 0, 12, 15, 30);
    const send = { channel: 'inapp' as const };
    assert.equal(
      decide(caps, { send, recent: first, now: next, timeZone: 'Asia/Tokyo' }).decision,
      'send',
    );
    assert.equal(decide(caps, { send, recent: first, now: next, timeZone: 'UTC' }).decision, 'cap');
  });
});
