/**
 * Load generator for bench/ingest.ts, run in its own process so that it does not share the
 * server's event loop: posts /v1/batch requests over CONNECTIONS concurrent keep-alive
 * connections and reports the elapsed time to its parent. With RATE (events/s) it paces
 * itself to that rate instead of sending as fast as it can. WORKLOAD picks the calls (see
 * bench/path-workload.ts).
 */
import { Agent, request } from 'node:http';
import { newUserCalls, returningUserCalls } from './path-workload.js';
import { segmentCalls } from './workload.js';

const target = new URL(process.env.TARGET!);
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
      : [...segmentCalls({ users }, events)];
for (let i = 0; i < calls.length; i += batchSize) {
  bodies.push(
    Buffer.from(
      JSON.stringify({ batch: calls.slice(i, i + batchSize), sentAt: new Date().toISOString() }),
    ),
  );
}

function post(body: Buffer): Promise<number> {
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
  Array.from({ length: connections }, async () => {
    while (next < bodies.length) {
      const index = next++;
      const body = bodies[index];
      if (rate > 0) {
        const due = started + ((index * batchSize) / rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      let status = await post(body);
      while (status === 429) status = await post(body);
      if (status !== 200) failed += 1;
    }
  }),
);
process.send!({ seconds: (performance.now() - started) / 1000, failed });
agent.destroy();
