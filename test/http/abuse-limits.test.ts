import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { DEFAULT_LIMITS, type Limits } from '../../src/config/limits.js';
import type { Store } from '../../src/store/store.js';
import { ADMIN_KEY, basicAuth, testApp, WRITE_KEY, type TestApp } from '../support/test-app.js';
import { forEachStore } from '../support/test-stores.js';

const limits = (overrides: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...overrides });

/**
 * Opens a raw connection to a listening app and writes `head` (and nothing more). `answer`
 * resolves with what arrived once the server closes the connection, or after 10 s (a server
 * that never closes it) with what arrived and `(still open)`.
 */
function rawRequest(port: number, head: string): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(head);
  const answer = new Promise<string>((resolve) => {
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`${text}(still open)`);
    }, 10_000);
    const done = () => {
      clearTimeout(timer);
      resolve(text);
    };
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', done);
    socket.on('error', done);
  });
  return { socket, answer };
}

/** Resolves with what arrived once `text` has arrived, or after `ms` with what there is. */
function waitFor(socket: Socket, text: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const done = () => {
      clearTimeout(timer);
      resolve(got);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => {
      got += chunk.toString();
      if (got.includes(text)) done();
    });
    socket.on('close', done);
  });
}

forEachStore('abuse limits', (getStore: () => Store) => {
  describe('rate limits', () => {
    let t: TestApp;
    const logged: string[] = [];
    before(async () => {
      const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(line) });
      t = await testApp(getStore(), { limits: limits({ perIp: 6, perKey: 3 }), logger });
    });
    after(async () => t.app.close());

    it('answers 429 with Retry-After past the per-key limit, other keys unaffected', async () => {
      const send = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/track',
          payload: { userId: 'flood', event: 'E' },
          headers,
          remoteAddress: '10.0.0.1',
        });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await send(t.server)).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429]);
      const limited = await send(t.server);
      assert.equal(limited.statusCode, 429);
      assert.match(limited.headers['retry-after'] as string, /^\d+$/);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(limited.json().error.code, 'rate_limited');
      // The public key from this address has its own count.
      assert.equal((await send(t.sdk)).statusCode, 200);
    });

    it('answers 429 past the per-address limit, before any key is checked', async () => {
      const from = (remoteAddress: string, headers: Record<string, string>) =>
        t.app.inject({ method: 'GET', url: '/api/users', headers, remoteAddress });
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await from('10.0.0.2', basicAuth('bad'))).statusCode);
      assert.deepEqual(codes, [401, 401, 401, 401, 401, 401, 429]);
      const limited = await from('10.0.0.2', t.admin);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal((await from('10.0.0.3', t.admin)).statusCode, 200);
    });

    it('logs failed admin authentications with the address, never the key tried', async () => {
      const before = logged.length;
      await t.app.inject({
        method: 'GET',
        url: '/api/users',
        headers: { authorization: 'Bearer ak_guess' },
        remoteAddress: '10.0.0.9',
      });
      const lines = logged.slice(before).map((line) => JSON.parse(line));
      const failed = lines.find((l) => l.msg === 'admin authentication failed');
      assert.ok(failed, JSON.stringify(lines));
      assert.equal(failed.ip, '10.0.0.9');
      assert.equal(failed.url, '/api/users');
      assert.ok(!JSON.stringify(lines).includes('ak_guess'));
      assert.ok(!JSON.stringify(lines).includes(ADMIN_KEY));
    });

    it('sends security headers, and keeps the widget loadable from other sites', async () => {
      const health = await t.app.inject({ url: '/api/health', remoteAddress: '10.0.0.20' });
      assert.equal(health.headers['x-content-type-options'], 'nosniff');
      assert.equal(health.headers['x-frame-options'], 'SAMEORIGIN');
      assert.match(health.headers['strict-transport-security'] as string, /max-age=/);
      const widget = await t.app.inject({ url: '/widget.js', remoteAddress: '10.0.0.20' });
      assert.equal(widget.statusCode, 200);
      assert.equal(widget.headers['cross-origin-resource-policy'], 'cross-origin');
    });
  });

  describe('behind a reverse proxy (CAIRN_TRUST_PROXY)', () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(getStore(), {
        limits: limits({ perIp: 2, trustProxy: ['10.9.0.1'] }),
      });
    });
    after(async () => t.app.close());

    it('counts the client address the trusted proxy forwards, not the proxy', async () => {
      const via = (client: string) =>
        t.app.inject({
          url: '/api/health',
          remoteAddress: '10.9.0.1',
          headers: { 'x-forwarded-for': client },
        });
      const codes = [];
      for (const client of ['1.1.1.1', '1.1.1.1', '1.1.1.1', '2.2.2.2', '3.3.3.3'])
        codes.push((await via(client)).statusCode);
      assert.deepEqual(codes, [200, 200, 429, 200, 200]);
    });
  });

  describe('over a real socket', () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      t = await testApp(getStore(), {
        limits: limits({ requestTimeoutMs: 400, headersTimeoutMs: 400, maxConnections: 3 }),
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as { port: number }).port;
    });
    after(async () => t.app.close());

    it('checks the write key before reading a batch body', async () => {
      const wrong = Buffer.from('wk_wrong:').toString('base64');
      const { socket, answer } = rawRequest(
        port,
        'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Authorization: Basic ${wrong}\r\nContent-Length: 500000\r\n\r\n{"batch":[`,
      );
      // Not one more byte of the 500 KB is sent: the answer comes anyway, long before the
      // request timeout would end the wait.
      const got = await waitFor(socket, '"unauthorized"', 300);
      socket.destroy();
      await answer;
      assert.match(got, /^HTTP\/1\.1 401/);
    });

    it('cuts off a body that stalls short of its Content-Length', async () => {
      const { answer } = rawRequest(
        port,
        'POST /v1/track HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Authorization: Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}\r\n` +
          'Content-Length: 1000\r\n\r\n{"userId":"slow",',
      );
      const got = await answer;
      assert.match(got, /^HTTP\/1\.1 408/);
      assert.doesNotMatch(got, /still open/);
      assert.equal(await getStore().getProfile('slow'), null);
    });

    it('closes connections past the cap', async () => {
      const open: Socket[] = [];
      for (let i = 0; i < 3; i++) {
        const socket = connect(port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        open.push(socket);
      }
      // Let the server accept the three before the fourth arrives.
      const { socket, answer } = rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
      const got = await answer;
      assert.equal(got, '', 'the fourth connection is closed without an answer');
      socket.destroy();
      for (const s of open) s.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      assert.equal(health.status, 200);
    });
  });
});
