/**
 * Load generator for bench/ingest.ts, run in its own process so that it does not share the
 * server's event loop: posts /v1/batch requests over CONNECTIONS concurrent keep-alive
 * connections and reports the elapsed time to its parent. TARGET may list several servers
 * (comma-separated): connection i sends to server i mod n, so one user's batches reach all of
 * them (bench/ingest-processes.ts). With RATE (events/s) it paces
 * itself to that rate instead of sending as fast as it can. WORKLOAD picks the calls (see
 * bench/path-workload.ts). With KEEP_TIMESTAMPS=1 the batches carry no `sentAt`, so the server keeps
 * the events' own timestamps (no clock-skew correction) and two runs store the same times; with
 * ACCOUNTS=0 the segment workload's tracks carry no account.
 */
import { Agent, request } from 'node:http';
import { newUserCalls, returningUserCalls } from './path-workload.js';
import { segmentCalls } from './workload.js';

const targets = process.env.TARGET!.split(',').map((t) => new URL(t));
const events = Number(process.env.EVENTS);
const users = Number(process.env.USERS);
const batchSize = Number(process.env.BATCH);
const connections = Number(process.env.CONNECTIONS);
const rate = Number(process.env.RATE ?? 0);
const auth = 'Basic ' + Buffer.from(`${process.env.WRITE_KEY}:`).toString('base64');
const agent = new Agent({ keepAlive: true, maxSockets: connections });

const bodies: Buffer[] = [];
// WORKLOAD (bench:path): `new` users (an identify, Signed Up, then tracks) or `returning` ones.
const workload = process.env.WORKLOAD ?? 'segment';
const calls =
  workload === 'new'
    ? [...newUserCalls(users, Math.round(events / users))]
    : workload === 'returning'
      ? [...returningUserCalls(users, events)]
      : [...segmentCalls({ users, accounts: process.env.ACCOUNTS !== '0' }, events)];
for (let i = 0; i < calls.length; i += batchSize) {
  bodies.push(
    Buffer.from(
      JSON.stringify({
        batch: calls.slice(i, i + batchSize),
        sentAt: process.env.KEEP_TIMESTAMPS === '1' ? undefined : new Date().toISOString(),
      }),
    ),
  );
}

function post(target: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/v1/batch',
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async (_, connection) => {
    const target = targets[connection % targets.length];
    while (next < bodies.length) {
      const index = next++;
      const body = bodies[index];
      if (rate > 0) {
        const due = started + ((index * batchSize) / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      let status = await post(target, body);
      while (status === 429) status = await post(target, body);
      if (status !== 200) failed += 1;
    }
  }),
);
process.send!({ seconds: (performance.now() - started) / 1000, failed });
agent.destroy();
