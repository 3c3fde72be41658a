import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  WebhookChannel,
  webhookId,
  type WebhookMessage,
} from '../../src/channels/webhook/webhook-channel.js';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
} from '../../src/channels/webhook/webhook-signature.js';
import { FakeClock } from '../../src/core/clock.js';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver: records each request and answers with the next scripted reply (default 204). */
function receiver() {
  const received: Received[] = [];
  const replies: {
    status: number;
    headers?: Record<string, string>;
    body?: string;
    hang?: boolean;
  }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift() ?? { status: 204 };
      if (reply.hang) return;
      res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    });
  });
  return { server, received, replies };
}

describe('webhook channel', () => {
  const { server, received, replies } = receiver();
  let url: string;
  const secret = generateWebhookSecret();
  // standardwebhooks checks the timestamp against the real time, so this clock starts there.
  const clock = new FakeClock(Date.now());
  const channel = new WebhookChannel({ clock, timeoutMs: 2000 });
  const message = (overrides: Partial<WebhookMessage> = {}): WebhookMessage => ({
    idempotencyKey: 'run_3:notify_csm',
    url,
    secret,
    type: 'user.pricing_intent',
    data: {
      user: { id: 'user_42', name: 'Dana' },
      account: { name: 'Acme', seats: 40 },
      score: 72,
    },
    occurredAt: Date.UTC(2026, 0, 9, 16, 30),
    ...overrides,
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/cairn`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    replies.length = 0;
  });

  it('POSTs a JSON body that the standardwebhooks library verifies', async () => {
    const result = await channel.send(message());
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.providerId, webhookId('run_3:notify_csm'));
    const [request] = received;
    assert.equal(request.url, '/hooks/cairn');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['webhook-id'], result.providerId);
    assert.equal(request.headers['webhook-timestamp'], String(Math.floor(clock.now() / 1000)));
    assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    const payload = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    assert.deepEqual(payload, {
      type: 'user.pricing_intent',
      timestamp: '2026-01-09T16:30:00.000Z',
      data: {
        user: { id: 'user_42', name: 'Dana' },
        account: { name: 'Acme', seats: 40 },
        score: 72,
      },
    });
  });

  it('keeps webhook-id and body across retries and signs each attempt at its own time', async () => {
    await channel.send(message());
    clock.advance(90_000);
    await channel.send(message());
    const [first, second] = received;
    assert.equal(first.headers['webhook-id'], second.headers['webhook-id']);
    assert.equal(first.body, second.body);
    assert.equal(
      Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp']),
      90,
    );
    assert.notEqual(first.headers['webhook-signature'], second.headers['webhook-signature']);
    const tampered = { ...second, body: second.body.replace('72', '99') };
    assert.throws(() =>
      new Webhook(secret).verify(tampered.body, {
        'webhook-id': String(tampered.headers['webhook-id']),
        'webhook-timestamp': String(tampered.headers['webhook-timestamp']),
        'webhook-signature': String(tampered.headers['webhook-signature']),
      }),
    );
  });

  it('classifies answers: 5xx and 429 temporary (with Retry-After), other 4xx and redirects permanent', async () => {
    const cases: [number, Record<string, string>, string, string, number | undefined][] = [
      [503, { 'retry-after': '7' }, 'temporary', 'http_503', 7000],
      [429, {}, 'temporary', 'http_429', undefined],
      [408, {}, 'temporary', 'http_408', undefined],
      [400, {}, 'permanent', 'http_400', undefined],
      [410, {}, 'permanent', 'http_410', undefined],
      [301, { location: 'https://elsewhere.example/' }, 'permanent', 'http_301', undefined],
    ];
    for (const [status, headers, kind, code, retryAfterMs] of cases) {
      replies.push({ status, headers, body: 'nope' });
      const result = await channel.send(message());
      assert.ok(!result.ok);
      assert.deepEqual(
        [result.error.kind, result.error.code, result.error.retryAfterMs],
        [kind, code, retryAfterMs],
      );
    }
    assert.equal(received.length, cases.length, 'redirects are not followed');
  });

  it('reads an HTTP-date Retry-After against the clock', async () => {
    replies.push({
      status: 503,
      headers: { 'retry-after': new Date(clock.now() + 120_000).toUTCString() },
    });
    const result = await channel.send(message());
    assert.ok(!result.ok);
    assert.ok(result.error.retryAfterMs! > 118_000 && result.error.retryAfterMs! <= 120_000);
  });

  it('classifies no answer in time as a temporary timeout', async () => {
    const impatient = new WebhookChannel({ clock, timeoutMs: 100 });
    replies.push({ status: 200, hang: true });
    const result = await impatient.send(message());
    assert.ok(!result.ok);
    assert.deepEqual([result.error.kind, result.error.code], ['temporary', 'timeout']);
  });

  it('classifies a refused connection as temporary, a bad URL or secret as permanent', async () => {
    const refused = await channel.send(message({ url: 'http://127.0.0.1:1/' }));
    assert.ok(!refused.ok);
    assert.deepEqual([refused.error.kind, refused.error.code], ['temporary', 'connection']);
    const badUrl = await channel.send(message({ url: 'ftp://x' }));
    assert.ok(!badUrl.ok);
    assert.equal(badUrl.error.code, 'invalid_url');
    const badSecret = await channel.send(message({ secret: 'whsec_short' }));
    assert.ok(!badSecret.ok);
    assert.equal(badSecret.error.code, 'invalid_secret');
  });
});

describe('Standard Webhooks signature', () => {
  // The example in the specification (github.com/standard-webhooks/standard-webhooks, spec/).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const body = '{"test": 2432232314}';

  it('matches the reference implementation', () => {
    const ours = signWebhook(secret, id, 1614265330, body);
    assert.equal(ours, new Webhook(secret).sign(id, new Date(1614265330 * 1000), body));
    assert.equal(ours, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies within the tolerance only, and among several signatures', () => {
    const signature = `v1,bm9wZQ== ${signWebhook(secret, id, 1614265330, body)}`;
    const headers = { id, timestamp: '1614265330', signature };
    assert.equal(verifyWebhook(secret, headers, body, 1614265330 + 299), true);
    assert.equal(verifyWebhook(secret, headers, body, 1614265330 + 301), false);
    assert.equal(verifyWebhook(secret, headers, `${body} `, 1614265330), false);
    assert.equal(verifyWebhook(secret, { ...headers, id: 'msg_other' }, body, 1614265330), false);
  });

  it('generates secrets the reference library accepts', () => {
    const generated = generateWebhookSecret();
    assert.match(generated, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.doesNotThrow(() => new Webhook(generated));
  });
});
