import { gzipSync } from 'node:zlib';
import type { SeededRandom } from './seeded-random.js';

/** One generated request: what to send, and a one-line description for failure reports. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  what: string;
  /** The `fz-…` messageIds of the events it carries, by position (null: not one of ours). */
  messageIds: (string | null)[];
}

/** A served route, `METHOD /path/:param`. */
export interface Route {
  method: string;
  path: string;
}

export interface FuzzKeys {
  /** Authorization header values. */
  write: string;
  admin: string;
}

const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const EXTREME_DATES = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T25:61:61Z',
  'yesterday',
  '',
  '1e400',
];
const NUMBERS = [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63];
const SEGMENTS = [
  'u1',
  '',
  '%00',
  '%ff%fe',
  '..%2f..%2fetc%2fpasswd',
  '%E2%80%AE',
  'a'.repeat(5000),
  encodeURIComponent('{"a":1}'),
  ...PROTO,
  'k1:garbage',
  'AAAA.BBBB.CCCC',
];

/** `{"a":{"a":…}}` nested `levels` deep, as text. */
export const nestedJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

const HUGE = `{"batch":[${'{"type":"track","userId":"u","event":"e"},'.repeat(13_000)}{}]}`;
/** 600 KB of nesting, compressed to a few kilobytes. */
const GZIPPED_DEEP = gzipSync(Buffer.from(nestedJson(100_000)));

/** A value of a random wrong or hostile kind. */
function hostileValue(random: SeededRandom): unknown {
  switch (random.int(10)) {
    case 0:
      return random.pick(NUMBERS);
    case 1:
      return random.pick(EXTREME_DATES);
    case 2:
      return [random.pick(PROTO), {}, null];
    case 3:
      return { [random.pick(PROTO)]: { polluted: true } };
    case 4:
      return 'x'.repeat(random.pick([513, 17_000, 40_000]));
    case 5:
      return true;
    case 6:
      return null;
    case 7:
      return '\u0000\ud800\udfff\u202e';
    case 8:
      return { nested: JSON.parse(nestedJson(random.pick([33, 200]))) as unknown };
    default:
      return random.pick(PROTO);
  }
}

let nextId = 0;

/** An event-shaped object with some fields made hostile. */
function hostileEvent(random: SeededRandom): Record<string, unknown> {
  const event: Record<string, unknown> = {
    messageId: `fz-${nextId++}`,
    type: random.pick(['track', 'identify', 'page', 'screen', 'group', 'alias', 'nope', '']),
    userId: `fuzz-${random.int(50)}`,
    event: random.pick(['Signed Up', ...PROTO]),
    timestamp: random.pick(EXTREME_DATES),
    properties: { plan: 'pro' },
  };
  const fields = [
    'type',
    'userId',
    'anonymousId',
    'event',
    'name',
    'groupId',
    'previousId',
    'timestamp',
    'sentAt',
    'properties',
    'traits',
    'context',
    'messageId',
    ...PROTO,
  ];
  for (let i = 0, n = 1 + random.int(3); i < n; i++)
    event[random.pick(fields)] = hostileValue(random);
  return event;
}

/** A body: malformed, mistyped, huge, deep, prototype-keyed, or with extreme dates. */
function hostileBody(
  random: SeededRandom,
  batch: boolean,
): { text: string | Buffer; what: string } {
  switch (random.int(12)) {
    case 0:
      return {
        text: random.pick(['{', '{"a":', '[1,2', 'nul', '{"batch":[{]}', '\u0000', '{"a":1}}', '']),
        what: 'malformed JSON',
      };
    case 1:
      return {
        text: random.pick(['null', '"text"', '123', 'true', '[]', '[{}]', '{}']),
        what: 'wrong top-level type',
      };
    case 2:
      // Rarely: each is half a megabyte on the wire.
      if (random.next() < 0.15) return { text: HUGE, what: 'huge (over 500 KB)' };
      return {
        text: `{"userId":"u","event":"e","properties":{"s":"${'x'.repeat(40_000)}"}}`,
        what: 'over 32 KB',
      };
    case 3:
      return {
        text: `{"userId":"u","event":"e","properties":${nestedJson(random.pick([33, 5000, 20_000]))}}`,
        what: 'deep',
      };
    case 4:
      return {
        text: `{"userId":"u","event":"${random.pick(PROTO)}","${random.pick(PROTO)}":{"x":1},"properties":{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}}},"traits":{"__proto__":"t"}}`,
        what: 'prototype keys',
      };
    case 5: {
      const event = {
        type: 'track',
        userId: 'u',
        event: 'e',
        timestamp: random.pick(EXTREME_DATES),
        sentAt: random.pick(EXTREME_DATES),
      };
      return {
        text: JSON.stringify(
          batch ? { batch: [event], sentAt: random.pick(EXTREME_DATES) } : event,
        ),
        what: 'extreme dates',
      };
    }
    case 6:
      return {
        text: Buffer.from([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        what: 'invalid UTF-8',
      };
    case 7:
      return {
        text: JSON.stringify({
          batch: Array.from({ length: 1 + random.int(5) }, () => hostileEvent(random)),
          context: hostileValue(random),
        }),
        what: 'hostile batch',
      };
    case 8:
      return {
        text: JSON.stringify({ batch: hostileValue(random) }),
        what: 'batch of a wrong type',
      };
    default:
      return { text: JSON.stringify(hostileEvent(random)), what: 'hostile event' };
  }
}

function hostileQuery(random: SeededRandom): string {
  const params = [
    `limit=${random.pick(['-1', '0', '501', '1e3', 'abc', '', '2.5', '50'])}`,
    `after=${random.pick(['garbage', 'azE6', '%00', 'k1:', encodeURIComponent(Buffer.from('k1:abc:def').toString('base64url'))])}`,
    `query=${random.pick(['%', '_', '%25', "'", 'a'.repeat(3000)])}`,
    `state=${random.pick(['queued', 'nope', ''])}`,
    `journey=${random.pick(PROTO)}`,
    `${random.pick(PROTO)}=1`,
    'limit=1&limit=2',
    `userId=${random.pick(SEGMENTS)}`,
    `hash=${random.pick(['', 'zz', 'a'.repeat(64)])}`,
  ];
  const n = random.int(4);
  return n === 0 ? '' : '?' + Array.from({ length: n }, () => random.pick(params)).join('&');
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/xml',
  'application/octet-stream',
  '',
];

/**
 * `count` requests spread over `routes`, each with the key its route takes (the admin key on
 * the admin API, the write key on ingest, none on public routes) unless the draw says otherwise,
 * a hostile path, query and body, and sometimes a wrong content type or encoding.
 */
export function fuzzRequests(
  random: SeededRandom,
  routes: Route[],
  keys: FuzzKeys,
  count: number,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    const route = routes[i % routes.length]!;
    const method =
      random.next() < 0.9 ? route.method : random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
    const path = route.path.replace(/:\w+/g, () => random.pick(SEGMENTS)) + hostileQuery(random);
    const headers: Record<string, string> = {};
    const isAdmin = route.path.startsWith('/api/') && !/^\/api\/(health|openapi)/.test(route.path);
    const isIngest = route.path.startsWith('/v1/') && !route.path.startsWith('/v1/inapp');
    const keyDraw = random.next();
    if (keyDraw < 0.85) {
      if (isAdmin) headers.authorization = keys.admin;
      else if (isIngest) headers.authorization = keys.write;
    } else if (keyDraw < 0.95) {
      headers.authorization = random.pick([
        keys.write,
        keys.admin,
        'Basic !!!',
        'Bearer ',
        'Basic ' + Buffer.from(':').toString('base64'),
      ]);
    }
    let what = `${method} ${route.path}`;
    let body: Buffer | undefined;
    let messageIds: (string | null)[] = [];
    if ((method !== 'GET' && method !== 'DELETE') || random.next() < 0.05) {
      const hostile = hostileBody(random, route.path.endsWith('/batch'));
      messageIds = ourIds(hostile.text);
      body = Buffer.isBuffer(hostile.text) ? hostile.text : Buffer.from(hostile.text);
      what += ` (${hostile.what})`;
      const typeDraw = random.next();
      const type = typeDraw < 0.7 ? 'application/json' : random.pick(CONTENT_TYPES);
      if (type) headers['content-type'] = type;
      const encodingDraw = random.next();
      if (encodingDraw < 0.05) {
        headers['content-encoding'] = 'gzip';
        body = Buffer.concat([Buffer.from([0x1f, 0x8b]), body.subarray(0, 50)]);
        what += ' [bad gzip]';
      } else if (encodingDraw < 0.08) {
        headers['content-encoding'] = 'gzip';
        body = GZIPPED_DEEP;
        what += ' [gzip bomb-ish]';
      } else if (encodingDraw < 0.1) {
        headers['content-encoding'] = random.pick(['br', 'compress', 'identity, gzip']);
        what += ' [unknown encoding]';
      }
    }
    out.push({ method, path, headers, body, what, messageIds });
  }
  return out;
}

/** The messageIds of the events a body carries, by position: `fz-…` ones, null for others. */
function ourIds(text: string | Buffer): (string | null)[] {
  if (Buffer.isBuffer(text) || !text.includes('"fz-')) return [];
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const events = Array.isArray(parsed.batch) ? (parsed.batch as unknown[]) : [parsed];
  return events.map((e) => {
    const id = (e as Record<string, unknown> | null)?.messageId;
    return typeof id === 'string' && id.startsWith('fz-') ? id : null;
  });
}
