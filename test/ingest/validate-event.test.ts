import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/ingest/normalize-event.js';
import { checkBatchEnvelope, parseBatch } from '../../src/ingest/parse-batch.js';
import { validateEvent } from '../../src/ingest/validate-event.js';

const fieldsOf = (body: unknown) => {
  const result = validateEvent(body);
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('validateEvent', () => {
  it('accepts a minimal track call and generates a messageId', () => {
    const result = validateEvent({ type: 'track', userId: 'u1', event: 'Report Created' });
    assert.ok(result.ok);
    assert.equal(result.event.event, 'Report Created');
    assert.match(result.event.messageId, /^[0-9a-f-]{36}$/);
  });

  it('names the field at fault', () => {
    assert.deepEqual(fieldsOf({ type: 'track', event: 'x' }), [
      'userId: userId or anonymousId is required',
    ]);
    assert.deepEqual(fieldsOf({ type: 'track', userId: 'u' }), [
      'event: is required for track calls',
    ]);
    assert.deepEqual(fieldsOf({ type: 'group', userId: 'u' }), [
      'groupId: is required for group calls',
    ]);
    assert.deepEqual(fieldsOf({ type: 'alias', userId: 'u' }), [
      'previousId: is required for alias calls',
    ]);
    assert.deepEqual(fieldsOf({ type: 'track', userId: 'u', event: 'x', properties: [] }), [
      'properties: must be an object',
    ]);
    assert.deepEqual(fieldsOf({ type: 'track', userId: 'u', event: 'x', timestamp: 'yesterday' }), [
      'timestamp: must be an ISO 8601 date-time',
    ]);
    assert.deepEqual(fieldsOf({ type: 'track', userId: { id: 1 }, event: 'x' }), [
      'userId: must be a string',
    ]);
  });

  it('rejects an unknown or missing type', () => {
    assert.match(fieldsOf({ type: 'purchase', userId: 'u' })[0], /^type: unknown type "purchase"/);
    assert.match(fieldsOf({ userId: 'u' })[0], /^type: is required/);
    assert.deepEqual(fieldsOf('hello'), ['body: must be a JSON object']);
  });

  it('keeps numeric ids as text and attributes context.groupId to an account', () => {
    const result = validateEvent({
      type: 'track',
      userId: 42,
      event: 'x',
      context: { groupId: 'acme' },
    });
    assert.ok(result.ok);
    assert.equal(result.event.userId, '42');
    assert.equal(result.event.groupId, 'acme');
  });
});

describe('normalizeEvent', () => {
  it("applies Segment's clock-skew correction", () => {
    const valid = validateEvent({
      type: 'track',
      userId: 'u',
      event: 'x',
      timestamp: '2026-01-01T10:00:00.000Z',
      sentAt: '2026-01-01T10:00:05.000Z',
    });
    assert.ok(valid.ok);
    // The device clock is one hour ahead: the event happened 5 s before the server received it.
    const receivedAt = Date.parse('2026-01-01T09:00:10.000Z');
    const event = normalizeEvent(valid.event, { receivedAt, source: 'api' });
    assert.equal(new Date(event.timestamp).toISOString(), '2026-01-01T09:00:05.000Z');
    assert.equal(event.originalTimestamp, Date.parse('2026-01-01T10:00:00.000Z'));
    assert.equal(event.receivedAt, receivedAt);
  });

  it('keeps imported timestamps as given and defaults to receivedAt', () => {
    const valid = validateEvent({
      type: 'page',
      anonymousId: 'a',
      timestamp: '2025-03-01T00:00:00Z',
      sentAt: '2025-03-01T00:00:01Z',
    });
    assert.ok(valid.ok);
    const imported = normalizeEvent(valid.event, { receivedAt: 0, source: 'import' });
    assert.equal(imported.timestamp, Date.parse('2025-03-01T00:00:00Z'));
    const bare = validateEvent({ type: 'page', anonymousId: 'a' });
    assert.ok(bare.ok);
    assert.equal(normalizeEvent(bare.event, { receivedAt: 123, source: 'api' }).timestamp, 123);
  });
});

describe('parseBatch', () => {
  it('stores the valid events and lists the rejected ones by index', () => {
    const body = {
      sentAt: '2026-01-01T00:00:00Z',
      batch: [
        { type: 'track', userId: 'u', event: 'ok' },
        { type: 'track', userId: 'u' },
        { type: 'nope', userId: 'u' },
        { type: 'identify', userId: 'u', traits: { blob: 'x'.repeat(33 * 1024) } },
      ],
    };
    const { events, rejected } = parseBatch(body, Date.parse('2026-01-01T00:00:01Z'), 'api');
    assert.equal(events.length, 1);
    assert.deepEqual(
      rejected.map((r) => [r.index, r.errors[0].field]),
      [
        [1, 'batch[1].event'],
        [2, 'batch[2].type'],
        [3, 'batch[3]'],
      ],
    );
    assert.match(rejected[2].errors[0].message, /limit is 32768 bytes/);
  });

  it('measures each event only when the body could hold one over the limit', () => {
    const body = { batch: [{ type: 'track', userId: 'u', event: 'x', properties: { s: 'y' } }] };
    const size = Buffer.byteLength(JSON.stringify(body));
    const big = { batch: [{ ...body.batch[0], properties: { s: 'y'.repeat(33 * 1024) } }] };
    const now = Date.parse('2026-01-01T00:00:00Z');
    // A received size within the limit vouches for every event in the body.
    assert.equal(parseBatch(body, now, 'api', size).events.length, 1);
    // Past the limit, or unknown (a compressed body), each event is measured.
    const bigSize = Buffer.byteLength(JSON.stringify(big));
    assert.equal(parseBatch(big, now, 'api', bigSize).rejected.length, 1);
    assert.equal(parseBatch(big, now, 'api').rejected.length, 1);
  });

  it('checks the envelope', () => {
    assert.deepEqual(checkBatchEnvelope({}), [
      { field: 'batch', message: 'must be an array of events' },
    ]);
    assert.deepEqual(checkBatchEnvelope({ batch: [] }), [
      { field: 'batch', message: 'must not be empty' },
    ]);
    assert.deepEqual(checkBatchEnvelope([]), [{ field: 'body', message: 'must be a JSON object' }]);
  });
});

describe('hostile input', () => {
  it('rejects NUL in ids and names', () => {
    const result = validateEvent({ type: 'track', userId: 'a\u0000b', event: 'x' });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors[0], {
      field: 'userId',
      message: 'must not contain the NUL character',
    });
  });
});
